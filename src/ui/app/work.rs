//! The shell's keeping of work: what opens in which tab, saved work, links, files, New and Undo.
//! (The keeper decides what to save and when; these put the work on screen and into the browser.)

use super::{App, Msg};
use crate::ui::browser;
use crate::ui::keeper;
use crate::ui::session::Session;
use crate::ui::synod_tab::Opening;
use lunch_parliament::corfu::presets::CorfuScenario;
use lunch_parliament::multipaxos::presets::MultiPaxosScenario;
use lunch_parliament::scenario::link::{self, Fragment};
use lunch_parliament::scenario::workspace::{Work, STORAGE_KEY};
use lunch_parliament::scenario::{presets, Document, Protocol, Scenario, MAX_BYTES};
use lunch_parliament::tour::View;
use std::cell::RefCell;
use yew::platform::spawn_local;
use yew::prelude::*;

/// The work of a first visit: Round 10 (the slide everyone knows), the first CORFU preset and the
/// first Multi-Paxos preset ("A week of lunches"), with the Synod run already replayed.
pub(super) fn afresh() -> (Work, Session) {
    let round_10 = presets().iter().find(|p| p.id == "round-10");
    let opened = round_10
        .or(presets().first())
        .ok_or_else(String::new)
        .and_then(|p| p.scenario())
        .and_then(|s| Session::open(&s).map(|session| (s, session)));
    let (synod, session) = opened.unwrap_or_else(|_| {
        let session = Session::fallback();
        (
            Scenario::of_history(&session.title, &session.history),
            session,
        )
    });
    let corfu = lunch_parliament::corfu::presets::presets()
        .first()
        .and_then(|p| p.scenario().ok())
        .unwrap_or_else(|| CorfuScenario {
            version: lunch_parliament::scenario::FORMAT_VERSION,
            protocol: "corfu".into(),
            title: "CORFU".into(),
            config: lunch_parliament::corfu::World::lecture_default()
                .config
                .clone(),
            actions: Vec::new(),
            step: None,
        });
    let work = Work {
        tab: Protocol::Synod,
        synod,
        corfu,
        multipaxos: first_multipaxos(),
    };
    (work, session)
}

/// The first Multi-Paxos preset, at its start.
fn first_multipaxos() -> Option<MultiPaxosScenario> {
    lunch_parliament::multipaxos::presets::presets()
        .first()
        .and_then(|p| p.scenario().ok())
}

/// The Multi-Paxos run of `work`, or the first preset for work saved before the Multi-Paxos tab.
pub(super) fn multipaxos_of(work: &Work) -> MultiPaxosScenario {
    work.multipaxos
        .clone()
        .or_else(first_multipaxos)
        .unwrap_or_else(|| MultiPaxosScenario {
            version: lunch_parliament::scenario::FORMAT_VERSION,
            protocol: "multipaxos".into(),
            title: "Multi-Paxos".into(),
            config: lunch_parliament::multipaxos::Config::new(1),
            actions: Vec::new(),
            step: None,
        })
}

pub(super) fn opening(
    scenario: Option<Scenario>,
    view: Option<View>,
    session: Option<Session>,
) -> Opening {
    Opening {
        scenario,
        view,
        session: RefCell::new(session),
    }
}

impl App {
    pub(super) fn load_synod(&mut self, s: Scenario, view: Option<View>, session: Option<Session>) {
        self.synod_load = self
            .synod_load
            .next(opening(Some(s.clone()), view, session));
        self.keeper.work.synod = s;
    }

    pub(super) fn load_corfu(&mut self, s: CorfuScenario) {
        self.corfu_load = self.corfu_load.next(s.clone());
        self.keeper.work.corfu = s;
    }

    pub(super) fn load_multipaxos(&mut self, s: MultiPaxosScenario) {
        self.multipaxos_load = self.multipaxos_load.next(s.clone());
        self.keeper.work.multipaxos = Some(s);
    }

    /// Opens a checked document in its tab (`view`: the Synod view a tour step names). The Synod tab
    /// only seeks when the run is already open, so stepping through a tour is instant.
    pub(super) fn open_document(
        &mut self,
        doc: Document,
        view: Option<View>,
    ) -> Result<(), String> {
        match doc {
            Document::Synod(s) => {
                let open = &self.keeper.work.synod;
                let session = if open.config == s.config && open.actions == s.actions {
                    None
                } else {
                    Some(Session::open(&s)?)
                };
                self.load_synod(s, view, session);
                self.keeper.work.tab = Protocol::Synod;
            }
            Document::Corfu(s) => {
                if view.is_some() {
                    self.synod_load = self.synod_load.next(opening(None, view, None));
                }
                self.load_corfu(s);
                self.keeper.work.tab = Protocol::Corfu;
            }
            Document::MultiPaxos(s) => {
                if view.is_some() {
                    self.synod_load = self.synod_load.next(opening(None, view, None));
                }
                self.load_multipaxos(s);
                self.keeper.work.tab = Protocol::MultiPaxos;
            }
        }
        Ok(())
    }

    /// Puts `ws` on screen (saved work, Undo); on failure nothing changes.
    pub(super) fn apply_workspace(&mut self, ws: Work) -> Result<(), String> {
        let session = Session::open(&ws.synod)?;
        self.load_synod(ws.synod.clone(), None, Some(session));
        self.load_corfu(ws.corfu.clone());
        self.load_multipaxos(multipaxos_of(&ws));
        self.keeper.work = ws;
        Ok(())
    }

    /// Brings back the work autosaved in this browser, if any.
    pub(super) fn restore(&mut self) {
        let Some(text) = browser::load(STORAGE_KEY) else {
            return;
        };
        match Work::parse(&text).map_err(|e| e.to_string()) {
            Ok(ws) => {
                if let Err(e) = self.apply_workspace(ws) {
                    self.page_error = Some(format!("Your saved work could not be restored: {e}"));
                }
            }
            Err(e) => {
                self.page_error = Some(format!(
                    "Your saved work could not be restored ({e}); starting from Round 10."
                ))
            }
        }
    }

    /// Opens what the address bar's fragment names: a shared run or a tour step. Anything wrong with it
    /// is reported and the page keeps what it showed.
    pub(super) fn open_fragment(&mut self) {
        match link::parse_fragment(&browser::fragment()) {
            Ok(Fragment::Empty) => {}
            Ok(Fragment::Scenario(doc)) => {
                self.leave_tour();
                let before = self.keeper.work.clone();
                match self.open_document(doc, None) {
                    Ok(()) => {
                        self.page_error = None;
                        self.offer_undo(before, "Opened the shared run.");
                        // The link is consumed: from here on a reload brings back the autosave, so the
                        // shared run goes into it now.
                        browser::set_fragment("");
                        self.save();
                    }
                    Err(e) => self.page_error = Some(format!("This link could not be opened: {e}")),
                }
            }
            Ok(Fragment::Tour { number, step }) => self.open_tour(number, step.saturating_sub(1)),
            Err(e) => {
                self.fail(format!(
                    "This link could not be opened: {e}. Nothing on screen changed."
                ));
                // A reload brings back the work, not the same complaint.
                browser::set_fragment("");
            }
        }
    }

    /// Reports a problem with something the user opened; what is on screen stays.
    pub(super) fn fail(&mut self, message: String) {
        self.page_error = Some(message);
        self.page_notice = None;
    }

    pub(super) fn offer_undo(&mut self, before: Work, notice: &str) {
        self.page_notice = Some(self.keeper.offer_undo(before, notice.into()));
    }

    pub(super) fn save(&mut self) {
        self.save_timer = None;
        let text = self.keeper.text_to_save();
        match self.keeper.saved(browser::save(STORAGE_KEY, &text)) {
            // Work of one's own: no longer a first visit.
            Ok(()) => self.first_visit = false,
            Err(Some(message)) => self.page_error = Some(message),
            Err(None) => {}
        }
    }

    pub(super) fn copy_link(&mut self, ctx: &Context<App>) {
        let url = keeper::share_link(&browser::address(), &self.keeper.document());
        self.link = Some(url.clone());
        let link = ctx.link().clone();
        spawn_local(async move {
            let ok = browser::copy(url).await;
            link.send_message(Msg::Copied(ok));
        });
    }

    pub(super) fn copied(&mut self, ok: bool) {
        self.page_notice = Some(if ok {
            "Link copied: it opens exactly this run at this step.".into()
        } else {
            "Copy the link from the box: the browser did not allow the clipboard.".into()
        });
    }

    pub(super) fn export_scenario(&mut self) {
        let doc = self.keeper.document();
        let name = keeper::file_name(doc.title());
        match browser::download(&name, "application/json", &doc.to_json()) {
            Ok(()) => self.page_notice = Some("Scenario file saved.".into()),
            Err(e) => self.page_error = Some(format!("Could not export: {e}")),
        }
    }

    pub(super) fn import(&mut self, ctx: &Context<App>, file: web_sys::File) {
        self.dragging = false;
        let name = file.name();
        let link = ctx.link().clone();
        spawn_local(async move {
            let text = browser::read(file, MAX_BYTES).await;
            link.send_message(Msg::Imported(name, text));
        });
    }

    pub(super) fn imported(&mut self, name: &str, text: Result<String, String>) {
        let before = self.keeper.work.clone();
        let opened = text
            .and_then(|t| Document::parse(&t).map_err(|e| e.to_string()))
            .and_then(|doc| {
                self.leave_tour();
                self.open_document(doc, None)
            });
        match opened {
            Ok(()) => {
                self.page_error = None;
                self.offer_undo(before, &format!("Opened “{name}”."));
            }
            Err(e) => self.fail(format!(
                "Could not open “{name}”: {e}. Nothing on screen changed."
            )),
        }
    }

    /// Opens a counterexample a tab's break-it lab found as that tab's run, at its start (the Synod tab
    /// in its chamber); the work it replaces is offered back (Undo), as when a link or a file is opened.
    pub(super) fn open_counterexample(&mut self, doc: Document) {
        let before = self.keeper.work.clone();
        self.leave_tour();
        let view = matches!(doc, Document::Synod(_)).then_some(View::Chamber);
        match self.open_document(doc, view) {
            Ok(()) => {
                self.page_error = None;
                self.offer_undo(
                    before,
                    "Opened the counterexample the lab found, at its start: step through it (→).",
                );
            }
            Err(e) => self.fail(format!(
                "The counterexample could not be opened: {e}. Nothing on screen changed."
            )),
        }
    }

    pub(super) fn start_new(&mut self) {
        self.leave_tour();
        let before = self.keeper.work.clone();
        let (mut work, session) = afresh();
        work.tab = self.tab();
        self.load_synod(work.synod.clone(), None, Some(session));
        self.load_corfu(work.corfu.clone());
        self.load_multipaxos(multipaxos_of(&work));
        self.keeper.work = work;
        self.save_timer = None;
        self.keeper.cancel_pending();
        browser::forget(STORAGE_KEY);
        self.page_error = None;
        self.offer_undo(before, "Started afresh; your saved work was cleared.");
    }

    pub(super) fn undo(&mut self) {
        if let Some(ws) = self.keeper.take_undo() {
            match self.apply_workspace(ws) {
                Ok(()) => {
                    self.save();
                    self.page_notice = Some("Your work is back.".into());
                }
                Err(e) => self.page_error = Some(format!("Could not undo: {e}")),
            }
        }
    }
}
