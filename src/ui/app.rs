//! The page shell: the protocol tabs, header and footer, presenting and full screen, the help overlay,
//! guided tours, the one keyboard listener, and the keeping of work (autosave, Undo of replaced work,
//! links, import and export). Each protocol's run lives in its tab (`synod_tab.rs`, `corfu_tab.rs`,
//! `multipaxos_tab.rs`), plugged in the same way (`tab.rs`); the keeper (`keeper.rs`) decides what is
//! saved and when.

use super::browser;
use super::keeper::{Keeper, Save, Worth};
use super::keys::{self, Command};
use super::page::Motion;
use super::synod_tab::Opening;
use super::tab::{Change, KeyChannel, Load};
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use lunch_parliament::corfu::presets::CorfuScenario;
use lunch_parliament::multipaxos::presets::MultiPaxosScenario;
use lunch_parliament::scenario::workspace::STORAGE_KEY;
use lunch_parliament::scenario::{Document, Protocol, Scenario};
use lunch_parliament::tour::{self, Goto};
use std::rc::Rc;
use yew::platform::spawn_local;
use yew::prelude::*;

mod tours;
mod view;
mod work;

use tours::TourState;
use work::{afresh, opening};

pub enum Msg {
    Key(Command),
    Tab(Protocol),
    /// A tab's run changed.
    Synod(Change<Scenario>),
    Corfu(Change<CorfuScenario>),
    MultiPaxos(Change<MultiPaxosScenario>),
    TourOpen(usize),
    /// Go to a tour step (0-based).
    TourGo(usize),
    /// Move through the lecture: a step of this tour, or the first or last step of another.
    TourMove(Goto),
    TourLeave,
    /// The address bar's fragment changed (a link pasted into this tab).
    Hash,
    Fullscreen,
    Present,
    Help,
    Motion(Motion),
    Title(String),
    CopyLink,
    Copied(bool),
    ExportScenario,
    Import(web_sys::File),
    Imported(String, Result<String, String>),
    /// The break-it lab's *Play it*: a counterexample to open as its tab's run.
    Counterexample(Document),
    New,
    Undo,
    Save,
    Dragging(bool),
    /// Esc found nothing of the open tab's own to close.
    TabEscape,
    /// The page is being hidden or left: a change still waiting to be saved is saved now.
    Flush,
    /// The first-visit pointer: dismissed.
    FirstVisitDismiss,
}

/// What a message (after routing) is worth to the keeper. Exhaustive on purpose: a new message must say.
fn worth(msg: &Msg) -> Worth {
    match msg {
        Msg::Synod(c) => c.worth,
        Msg::Corfu(c) => c.worth,
        Msg::MultiPaxos(c) => c.worth,
        Msg::Tab(_) => Worth::Look,
        Msg::TourOpen(_)
        | Msg::TourGo(_)
        | Msg::TourMove(_)
        | Msg::TourLeave
        | Msg::Hash
        | Msg::Title(_)
        | Msg::Imported(..)
        | Msg::Counterexample(_) => Worth::Now,
        // New and Undo save (or forget) the work themselves; a key is weighed once routed.
        Msg::Key(_)
        | Msg::Fullscreen
        | Msg::Present
        | Msg::Help
        | Msg::Motion(_)
        | Msg::CopyLink
        | Msg::Copied(_)
        | Msg::ExportScenario
        | Msg::Import(_)
        | Msg::New
        | Msg::Undo
        | Msg::Save
        | Msg::Dragging(_)
        | Msg::TabEscape
        | Msg::Flush
        | Msg::FirstVisitDismiss => Worth::Nothing,
    }
}

/// How long a change waits to be saved (with the ones that follow it): autoplay's steps, and steps
/// by hand.
const SAVE_DELAY_MS: u32 = 300;

/// Set when the first-visit pointer is dismissed, so it does not come back.
const FIRST_VISIT_KEY: &str = "lunch-parliament/first-visit-dismissed";

pub struct App {
    keeper: Keeper,
    synod_load: Rc<Load<Opening>>,
    synod_keys: KeyChannel,
    synod_hash: String,
    corfu_load: Rc<Load<CorfuScenario>>,
    corfu_keys: KeyChannel,
    corfu_hash: String,
    multipaxos_load: Rc<Load<MultiPaxosScenario>>,
    multipaxos_keys: KeyChannel,
    multipaxos_hash: String,
    motion: Motion,
    tour: Option<TourState>,
    presenting: bool,
    /// Presenting went full screen (so leaving full screen ends presenting).
    entered_fullscreen: bool,
    help: bool,
    /// Messages about the page as a whole (links, files, saving), shown on either tab.
    page_error: Option<String>,
    page_notice: Option<String>,
    link: Option<String>,
    dragging: bool,
    save_timer: Option<Timeout>,
    keys: Option<keys::Listeners>,
    listeners: Vec<EventListener>,
    /// A first visit (nothing saved, no link): a one-line pointer to tour 1 until dismissed, a tour
    /// opens or the work is first saved.
    first_visit: bool,
}

impl App {
    fn tab(&self) -> Protocol {
        self.keeper.work.tab
    }

    fn set_presenting(&mut self, ctx: &Context<Self>, on: bool) {
        self.presenting = on;
        let link = ctx.link().clone();
        spawn_local(async move {
            // A refusal (no full screen here) still leaves the large, high-contrast layout.
            browser::fullscreen(on).await;
            link.send_message(Msg::Fullscreen);
        });
    }

    /// Saves in a moment (`SAVE_DELAY_MS`), unless a save is already waiting for its timer.
    fn save_soon(&mut self, ctx: &Context<Self>) {
        if self.save_timer.is_none() {
            let link = ctx.link().clone();
            self.save_timer = Some(Timeout::new(SAVE_DELAY_MS, move || {
                link.send_message(Msg::Save)
            }));
        }
    }

    /// What a key means here and now: overlays first, then the tour, then the open tab (which gets
    /// every key the page does not take).
    fn route_key(&mut self, cmd: Command) -> Option<Msg> {
        match cmd {
            Command::Help => Some(Msg::Help),
            Command::Present => Some(Msg::Present),
            Command::Tab(1) => Some(Msg::Tab(Protocol::Synod)),
            Command::Tab(2) => Some(Msg::Tab(Protocol::Corfu)),
            Command::Tab(_) => Some(Msg::Tab(Protocol::MultiPaxos)),
            Command::Escape if self.help => {
                self.help = false;
                None
            }
            _ if self.help => None,
            // In a tour the clicker moves between captions, and on through the lecture.
            Command::Step | Command::Back | Command::First | Command::Last
                if self.tour.is_some() =>
            {
                let t = self.tour.as_ref()?;
                let (number, index, len) = (t.tour.number, t.index, t.tour.steps.len());
                match cmd {
                    Command::Step => tour::forward(number, index, len).map(Msg::TourMove),
                    Command::Back => tour::backward(number, index).map(Msg::TourMove),
                    Command::First => Some(Msg::TourGo(0)),
                    _ => Some(Msg::TourGo(len.saturating_sub(1))),
                }
            }
            // P in a tour leaves it (the caption would be left behind). The Synod tab gets P and plays
            // on (its change says it leaves the tour); on the other tabs leaving is all.
            Command::PlayPause if self.tour.is_some() && self.tab() != Protocol::Synod => {
                Some(Msg::TourLeave)
            }
            _ => {
                match self.tab() {
                    Protocol::Synod => self.synod_keys.send(cmd),
                    Protocol::Corfu => self.corfu_keys.send(cmd),
                    Protocol::MultiPaxos => self.multipaxos_keys.send(cmd),
                }
                None
            }
        }
    }
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(_ctx: &Context<Self>) -> Self {
        let (work, session) = afresh();
        let synod = opening(Some(work.synod.clone()), None, Some(session));
        let mut app = App {
            synod_load: Rc::new(Load {
                generation: 0,
                scenario: synod,
            }),
            synod_keys: KeyChannel::default(),
            synod_hash: String::new(),
            corfu_load: Rc::new(Load {
                generation: 0,
                scenario: work.corfu.clone(),
            }),
            corfu_keys: KeyChannel::default(),
            corfu_hash: String::new(),
            multipaxos_load: Rc::new(Load {
                generation: 0,
                scenario: work::multipaxos_of(&work),
            }),
            multipaxos_keys: KeyChannel::default(),
            multipaxos_hash: String::new(),
            keeper: Keeper::new(work),
            // The menu tells the truth: with reduced motion asked for, motion starts off.
            motion: if browser::prefers_reduced_motion() {
                Motion::Off
            } else {
                Motion::Smooth
            },
            tour: None,
            presenting: false,
            entered_fullscreen: false,
            help: false,
            page_error: None,
            page_notice: None,
            link: None,
            dragging: false,
            save_timer: None,
            keys: None,
            listeners: Vec::new(),
            first_visit: browser::load(STORAGE_KEY).is_none()
                && browser::load(FIRST_VISIT_KEY).is_none()
                && browser::fragment().trim_start_matches('#').is_empty(),
        };
        // Saved work first, then whatever the link names on top of it.
        app.restore();
        app.open_fragment();
        // Opening the page is not a change of the work: an Undo it offered stays offered.
        app.keeper.settle(Worth::Nothing, false);
        app
    }

    fn rendered(&mut self, ctx: &Context<Self>, first_render: bool) {
        if !first_render {
            return;
        }
        self.keys = keys::listen(ctx.link().callback(Msg::Key));
        let Some(w) = web_sys::window() else { return };
        let on = |msg: fn() -> Msg| {
            let link = ctx.link().clone();
            move |_: &web_sys::Event| link.send_message(msg())
        };
        self.listeners
            .push(EventListener::new(&w, "hashchange", on(|| Msg::Hash)));
        // A reload, a closed tab or a hidden page saves at once: no step is lost.
        self.listeners
            .push(EventListener::new(&w, "pagehide", on(|| Msg::Flush)));
        if let Some(d) = w.document() {
            self.listeners.push(EventListener::new(
                &d,
                "fullscreenchange",
                on(|| Msg::Fullscreen),
            ));
            let link = ctx.link().clone();
            let doc = d.clone();
            self.listeners
                .push(EventListener::new(&d, "visibilitychange", move |_| {
                    if doc.hidden() {
                        link.send_message(Msg::Flush)
                    }
                }));
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        let msg = match msg {
            Msg::Key(cmd) => match self.route_key(cmd) {
                Some(m) => m,
                None => return true,
            },
            // Esc with nothing of the tab's own open: the tour, then presenting.
            Msg::TabEscape if self.tour.is_some() => Msg::TourLeave,
            Msg::TabEscape if self.presenting => Msg::Present,
            m => m,
        };
        let worth = worth(&msg);
        // A tab's run changed (a step, a preset, an action): see below for when it is saved.
        let tab_change = matches!(msg, Msg::Synod(_) | Msg::Corfu(_) | Msg::MultiPaxos(_));
        match msg {
            Msg::Key(_) | Msg::TabEscape => {}
            Msg::Tab(t) => {
                if t != self.tab() {
                    self.leave_tour();
                    self.keeper.work.tab = t;
                }
            }
            Msg::Synod(c) => {
                if c.leaves_tour && self.tour.is_some() {
                    self.leave_tour();
                }
                self.keeper.work.synod = c.scenario;
                self.synod_hash = c.hash;
            }
            Msg::Corfu(c) => {
                if c.leaves_tour && self.tour.is_some() {
                    self.leave_tour();
                }
                self.keeper.work.corfu = c.scenario;
                self.corfu_hash = c.hash;
            }
            Msg::MultiPaxos(c) => {
                if c.leaves_tour && self.tour.is_some() {
                    self.leave_tour();
                }
                self.keeper.work.multipaxos = Some(c.scenario);
                self.multipaxos_hash = c.hash;
            }
            // From one tour to another, Undo still goes back to before the first.
            Msg::TourOpen(n) => self.open_tour(n, 0),
            Msg::TourGo(i) => self.move_in_lecture(Goto::Step(i)),
            Msg::TourMove(to) => self.move_in_lecture(to),
            Msg::TourLeave => self.leave_tour(),
            Msg::Hash => self.open_fragment(),
            Msg::Fullscreen => {
                // Leaving full screen with the browser's own Esc also ends presenting.
                if self.presenting && !browser::is_fullscreen() && self.entered_fullscreen {
                    self.presenting = false;
                }
                self.entered_fullscreen = browser::is_fullscreen();
            }
            Msg::Present => {
                let on = !self.presenting;
                self.set_presenting(ctx, on);
            }
            Msg::Help => self.help = !self.help,
            Msg::Motion(m) => self.motion = m,
            Msg::Title(t) => {
                // Shown as text everywhere; kept within what a scenario file accepts.
                let title: String = t.chars().filter(|c| !c.is_control()).take(120).collect();
                match self.tab() {
                    // The Synod tab takes it as its `title`.
                    Protocol::Synod => self.keeper.work.synod.title = title,
                    Protocol::Corfu => {
                        let mut s = self.keeper.work.corfu.clone();
                        s.title = title;
                        self.load_corfu(s);
                    }
                    Protocol::MultiPaxos => {
                        let mut s = work::multipaxos_of(&self.keeper.work);
                        s.title = title;
                        self.load_multipaxos(s);
                    }
                }
            }
            Msg::CopyLink => self.copy_link(ctx),
            Msg::Copied(ok) => self.copied(ok),
            Msg::ExportScenario => self.export_scenario(),
            Msg::Import(file) => self.import(ctx, file),
            Msg::Imported(name, text) => self.imported(&name, text),
            Msg::Counterexample(doc) => self.open_counterexample(doc),
            Msg::New => self.start_new(),
            Msg::Undo => self.undo(),
            Msg::Save => {
                if self.tour.is_none() {
                    self.save();
                } else {
                    self.save_timer = None;
                    self.keeper.cancel_pending();
                }
            }
            Msg::Dragging(on) => self.dragging = on,
            Msg::Flush => {
                if (self.keeper.pending() || self.save_timer.is_some()) && self.tour.is_none() {
                    self.save();
                }
                return false;
            }
            Msg::FirstVisitDismiss => {
                self.first_visit = false;
                let _ = browser::save(FIRST_VISIT_KEY, "1");
            }
        }
        match self.keeper.settle(worth, self.tour.is_some()) {
            Save::No => {}
            // A tab's change the keeper wants saved now (a step by hand, most often) is saved a moment
            // later, together with any that follow, rather than in the step's own frame (serialising the
            // whole run and writing it to localStorage); a reload, a closed tab or a hidden page saves it
            // at once (pagehide and visibilitychange: `Msg::Flush`), so no step is lost.
            Save::Now if tab_change => self.save_soon(ctx),
            Save::Now => self.save(),
            Save::Soon => self.save_soon(ctx),
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        self.page(ctx)
    }
}
