//! The Synod tab: the chamber you can step, break and rewind. Holds the session and the view state;
//! every change to the world is a core `Action`.

use super::browser;
use super::chamber::{Chamber, Target};
use super::controls::{ticker, Controls, SPEEDS};
use super::corfu_tab::{CorfuTab, Load};
use super::diagram::{self, SpaceTime};
use super::help::Help;
use super::inspector::{Inspector, StartForm};
use super::keeping::Keeping;
use super::keys::{self, Command};
use super::liveness::LivenessPanel;
use super::safety::SafetyPanel;
use super::session::Session;
use super::setup::Setup;
use super::tour_bar::TourBar;
use super::transcript::{Transcript, WINDOW};
use gloo_events::EventListener;
use gloo_timers::callback::{Interval, Timeout};
use lunch_parliament::corfu::presets::CorfuScenario;
use lunch_parliament::scenario::link::{self, Fragment};
use lunch_parliament::scenario::workspace::{Workspace, STORAGE_KEY};
use lunch_parliament::scenario::{presets, Document, Protocol, Scenario, MAX_BYTES};
use lunch_parliament::synod::settled::settled_words;
use lunch_parliament::synod::{explain, Action, Config, NodeId};
use lunch_parliament::tour::{self, Goto, Landing, Tour, View};
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::platform::spawn_local;
use yew::prelude::*;

/// Which protocol's tab is showing.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Synod,
    Corfu,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Motion {
    Smooth,
    Slow,
    Off,
}

pub enum Msg {
    Preset(usize),
    Draft(Config),
    Fresh,
    NewSeed,
    Reset,
    Step,
    Back,
    Seek(usize),
    Play,
    Speed(usize),
    Tick,
    Select(Target),
    Close,
    Act(Action),
    /// Switching a fix does not stop autoplay: the point is to watch the duel end.
    Fix(Action),
    Form(StartForm),
    DelayBy(u64),
    View(View),
    Export,
    Motion(Motion),
    Key(Command),
    Tab(Tab),
    /// The CORFU tab's run changed.
    Corfu(CorfuScenario),
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
    Title(String),
    CopyLink,
    Copied(bool),
    ExportScenario,
    Import(web_sys::File),
    Imported(String, Result<String, String>),
    New,
    Undo,
    Save,
    Dragging(bool),
    /// Esc on the CORFU tab found nothing of its own to close.
    TabEscape,
    /// Undo (or redo) the replacement of a recorded future.
    Branch,
    /// The page is being hidden or left: a change still waiting to be saved is saved now.
    Flush,
    /// The first-visit pointer: dismissed.
    FirstVisitDismiss,
}

/// Set when the first-visit pointer is dismissed, so it does not come back.
const FIRST_VISIT_KEY: &str = "lunch-parliament/first-visit-dismissed";

/// Steps of transcript shown while presenting: the current one and what led to it.
pub const PRESENTING_WINDOW: usize = 6;

/// A guided tour being followed, and where.
struct TourState {
    tour: Rc<Tour>,
    index: usize,
}

pub struct App {
    session: Session,
    preset: Option<usize>,
    draft: Config,
    selected: Option<Target>,
    form: Option<StartForm>,
    delay_by: u64,
    playing: bool,
    speed: usize,
    ticker: Option<Interval>,
    view: View,
    tab: Tab,
    motion: Motion,
    notice: Option<String>,
    error: Option<String>,
    keys: Option<keys::Listeners>,
    /// What the CORFU tab shows, as a scenario (kept for saving and sharing).
    corfu: CorfuScenario,
    corfu_load: Rc<Load>,
    tour: Option<TourState>,
    presenting: bool,
    help: bool,
    /// Messages about the page as a whole (links, files, saving), shown on either tab.
    page_error: Option<String>,
    page_notice: Option<String>,
    /// The work that "New", a shared link or an import replaced, until undone or replaced again.
    undo: Option<Workspace>,
    /// The notice that offers the undo; the button shows beside it only.
    undo_notice: Option<String>,
    /// This update offered the undo (so its own change does not withdraw it).
    undo_fresh: bool,
    link: Option<String>,
    dragging: bool,
    save_timer: Option<Timeout>,
    listeners: Vec<EventListener>,
    /// The last autosave failed (and said so).
    autosave_failed: bool,
    /// The work as it was before the tour started, for Undo when leaving the tour.
    tour_before: Option<Workspace>,
    /// Presenting went full screen (so leaving full screen ends presenting).
    entered_fullscreen: bool,
    /// The CORFU run's trace hash at its cursor (shown in the footer while its tab is open).
    corfu_hash: String,
    /// A first visit (nothing saved, no link): a one-line pointer to tour 1 until dismissed, a tour
    /// opens or the work is first saved.
    first_visit: bool,
}

fn default_draft() -> Config {
    Config::new(5, &["Thai", "Taco"], 2026)
}

fn random_seed() -> u64 {
    let mut bytes = [0u8; 8];
    match getrandom::fill(&mut bytes) {
        Ok(()) => u64::from_le_bytes(bytes) % 1_000_000_000,
        Err(_) => 0,
    }
}

/// The CORFU tab's first run: its first preset (or, should that script ever fail, the bare cluster).
fn default_corfu() -> CorfuScenario {
    use lunch_parliament::corfu::presets::presets;
    presets()
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
        })
}

/// The trace hash of a CORFU run at its step, as `parliament replay` computes it ("—" if it cannot be
/// replayed, which the tab reports itself).
fn corfu_hash(s: &CorfuScenario) -> String {
    s.replay()
        .map(|h| h.digest().hex())
        .unwrap_or_else(|_| "—".to_string())
}

/// Whether two CORFU scenarios show the same run at the same step (a step at the end may be left out).
fn same_corfu_run(a: &CorfuScenario, b: &CorfuScenario) -> bool {
    a.config == b.config
        && a.actions == b.actions
        && a.step.unwrap_or(a.actions.len()) == b.step.unwrap_or(b.actions.len())
}

/// A file name from a title: letters, digits and dashes.
fn file_name(title: &str) -> String {
    let slug: String = title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() {
        "lunch-parliament-scenario.json".into()
    } else {
        format!("lunch-parliament-{slug}.json")
    }
}

impl App {
    /// What is on screen as a scenario file: the open tab's run at its cursor.
    fn document(&self) -> Document {
        match self.tab {
            Tab::Synod => Document::Synod(Scenario::of_history(
                &self.session.title,
                &self.session.history,
            )),
            Tab::Corfu => Document::Corfu(self.corfu.clone()),
        }
    }

    fn workspace(&self) -> Workspace {
        Workspace {
            tab: match self.tab {
                Tab::Synod => Protocol::Synod,
                Tab::Corfu => Protocol::Corfu,
            },
            synod: Scenario::of_history(&self.session.title, &self.session.history),
            corfu: self.corfu.clone(),
        }
    }

    fn load_corfu(&mut self, scenario: CorfuScenario) {
        self.corfu_load = Rc::new(Load {
            generation: self.corfu_load.generation + 1,
            scenario: scenario.clone(),
        });
        self.set_corfu(scenario);
    }

    /// Keeps the CORFU tab's run (for saving and sharing) and its trace hash (for the footer).
    fn set_corfu(&mut self, scenario: CorfuScenario) {
        self.corfu_hash = corfu_hash(&scenario);
        self.corfu = scenario;
    }

    /// Opens a checked document in its tab. The synod tab only seeks when the run is already open, so
    /// stepping through a tour is instant.
    fn open_document(&mut self, doc: Document) -> Result<(), String> {
        self.stop();
        match doc {
            Document::Synod(s) => {
                let h = &self.session.history;
                if h.initial().config == s.config && h.actions() == s.actions.as_slice() {
                    self.session.seek(s.step.unwrap_or(s.actions.len()));
                } else {
                    let session = Session::open(&s)?;
                    self.draft = session.world().config.clone();
                    self.session = session;
                }
                self.session.title = s.title.clone();
                self.preset = presets().iter().position(|p| p.name == s.title);
                self.clear_selection();
                self.notice = None;
                self.error = None;
                self.tab = Tab::Synod;
            }
            Document::Corfu(s) => {
                self.load_corfu(s);
                self.tab = Tab::Corfu;
            }
        }
        Ok(())
    }

    fn apply_workspace(&mut self, ws: Workspace) -> Result<(), String> {
        let session = Session::open(&ws.synod)?;
        self.draft = session.world().config.clone();
        self.session = session;
        self.preset = presets().iter().position(|p| p.name == ws.synod.title);
        self.clear_selection();
        self.load_corfu(ws.corfu);
        self.tab = match ws.tab {
            Protocol::Synod => Tab::Synod,
            Protocol::Corfu => Tab::Corfu,
        };
        Ok(())
    }

    /// Brings back the work autosaved in this browser, if any.
    fn restore(&mut self) {
        let Some(text) = browser::load(STORAGE_KEY) else {
            return;
        };
        match Workspace::parse(&text).map_err(|e| e.to_string()) {
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
    fn open_fragment(&mut self) {
        let hash = browser::fragment();
        match link::parse_fragment(&hash) {
            Ok(Fragment::Empty) => {}
            Ok(Fragment::Scenario(doc)) => {
                self.leave_tour();
                let before = self.workspace();
                match self.open_document(doc) {
                    Ok(()) => {
                        self.page_error = None;
                        self.offer_undo(before, "Opened the shared run.".into());
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

    fn open_tour(&mut self, number: usize, index: usize) {
        match tour::tour(number).and_then(|t| t.step(index + 1).map(|_| ()).map(|()| t)) {
            Ok(t) => self.start_tour(t, index),
            Err(e) => self.fail(format!(
                "This tour could not be opened: {e}. Nothing on screen changed."
            )),
        }
    }

    /// Moves through the lecture: within the tour, or to the first or last step of another tour.
    fn move_in_lecture(&mut self, to: Goto) {
        match to {
            Goto::Step(i) => {
                if let Some(t) = &mut self.tour {
                    t.index = i.min(t.tour.steps.len().saturating_sub(1));
                    self.show_tour_step();
                }
            }
            Goto::Tour(number, landing) => match tour::tour(number) {
                Ok(t) if !t.steps.is_empty() => {
                    let index = match landing {
                        Landing::First => 0,
                        Landing::Last => t.steps.len() - 1,
                    };
                    self.start_tour(t, index);
                }
                Ok(_) => self.fail(format!("Tour {number} has no steps.")),
                Err(e) => self.fail(format!("This tour could not be opened: {e}.")),
            },
        }
    }

    /// Shows step `index` (0-based, in range) of `t`, keeping the work from before the first tour for
    /// Undo.
    fn start_tour(&mut self, t: Tour, index: usize) {
        if self.tour.is_none() {
            // A change still waiting to be saved is saved before the tour takes the screen.
            if self.save_timer.is_some() {
                self.save();
            }
            self.tour_before = Some(self.workspace());
        }
        self.tour = Some(TourState {
            tour: Rc::new(t),
            index,
        });
        self.first_visit = false;
        self.page_error = None;
        self.show_tour_step();
    }

    fn show_tour_step(&mut self) {
        let Some(t) = &self.tour else { return };
        let (number, index) = (t.tour.number, t.index);
        let Some(step) = t.tour.steps.get(index) else {
            return;
        };
        let doc = step.document.clone();
        self.view = step.view;
        match self.open_document(doc) {
            Ok(()) => browser::set_fragment(&link::tour_fragment(number, index + 1)),
            Err(e) => self.page_error = Some(format!("This tour step could not be opened: {e}")),
        }
    }

    /// Leaves the tour, keeping its run on screen to play on from; Undo brings back the work from
    /// before the tour.
    fn leave_tour(&mut self) {
        if self.tour.take().is_some() {
            browser::set_fragment("");
            let notice = "You left the tour: the run is yours to keep playing.".to_string();
            match self.tour_before.take() {
                Some(before) => self.offer_undo(before, notice),
                None => self.page_notice = Some(notice),
            }
        }
    }

    /// Reports a problem with something the user opened; what is on screen stays.
    fn fail(&mut self, message: String) {
        self.page_error = Some(message);
        self.page_notice = None;
    }

    /// Keeps `before` for Undo, offered beside `notice` until the work changes again.
    fn offer_undo(&mut self, before: Workspace, notice: String) {
        self.undo = Some(before);
        self.undo_fresh = true;
        self.undo_notice = Some(notice.clone());
        self.page_notice = Some(notice);
    }

    /// Saves the work. A change the user made (a step, an act, Back) is saved at once, so a reload right
    /// after it loses nothing; autoplay's steps (`soon`, many a second) are saved together a moment
    /// later, and at once when the page is hidden or left (`pagehide`, `visibilitychange`). A tour is
    /// not saved over the work: its place is in the address (`#tour=N/K`), and the run becomes the
    /// user's own, and is saved, when they leave the tour.
    fn touch(&mut self, ctx: &Context<Self>, soon: bool) {
        if self.tour.is_some() {
            return;
        }
        if !soon {
            self.save();
        } else if self.save_timer.is_none() {
            let link = ctx.link().clone();
            self.save_timer = Some(Timeout::new(300, move || link.send_message(Msg::Save)));
        }
    }

    fn save(&mut self) {
        self.save_timer = None;
        match browser::save(STORAGE_KEY, &self.workspace().to_json()) {
            Ok(()) => {
                self.autosave_failed = false;
                // Work of one's own: no longer a first visit.
                self.first_visit = false;
            }
            // Said once, not after every step.
            Err(e) if !self.autosave_failed => {
                self.autosave_failed = true;
                self.page_error = Some(format!(
                    "Autosave is off: {e}. Copy link or Export keeps your work."
                ));
            }
            Err(_) => {}
        }
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

    /// What a key means here and now: overlays first, then the tour, then the open tab.
    fn route_key(&mut self, cmd: Command) -> Option<Msg> {
        match cmd {
            Command::Help => Some(Msg::Help),
            Command::Present => Some(Msg::Present),
            Command::Tab(1) => Some(Msg::Tab(Tab::Synod)),
            Command::Tab(_) => Some(Msg::Tab(Tab::Corfu)),
            Command::Escape => {
                if self.help {
                    self.help = false;
                    None
                } else if self.tab == Tab::Synod && self.selected.is_some() {
                    Some(Msg::Close)
                } else if self.tab == Tab::Corfu && self.corfu_keys() {
                    // The CORFU tab closes its inspector, or hands Esc back (Msg::TabEscape).
                    None
                } else if self.tour.is_some() {
                    Some(Msg::TourLeave)
                } else if self.presenting {
                    Some(Msg::Present)
                } else {
                    None
                }
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
            // Looking at another view of the Synod run (in a tour too: it changes nothing).
            Command::View if self.tab == Tab::Synod => Some(Msg::View(self.view.next())),
            Command::View => None,
            // Playing on would leave the caption behind: P leaves the tour, and says so.
            Command::PlayPause if self.tour.is_some() => Some(Msg::Play),
            // The CORFU tab takes its own step keys.
            _ if self.tab == Tab::Corfu => None,
            Command::Step => Some(Msg::Step),
            Command::Back => Some(Msg::Back),
            Command::PlayPause => Some(Msg::Play),
            Command::First => Some(Msg::Seek(0)),
            Command::Last => Some(Msg::Seek(self.session.history.len())),
        }
    }

    /// Whether the CORFU tab takes the step keys (and Esc) itself.
    fn corfu_keys(&self) -> bool {
        self.tour.is_none() && !self.help
    }

    /// The page as on a first visit: Round 10 (the slide everyone knows) and the first CORFU preset.
    fn start_afresh(&mut self) {
        let first = presets()
            .iter()
            .position(|p| p.id == "round-10")
            .unwrap_or(0);
        self.open_preset(first);
        self.load_corfu(default_corfu());
        self.tab = Tab::Synod;
    }

    fn open_preset(&mut self, index: usize) {
        let Some(p) = presets().get(index) else {
            return;
        };
        match p.scenario().and_then(|s| Session::open(&s)) {
            Ok(s) => {
                self.draft = s.world().config.clone();
                self.session = s;
                self.preset = Some(index);
                self.clear_selection();
                self.error = None;
                self.notice = None;
            }
            // The page keeps what it showed and says what went wrong.
            Err(e) => self.error = Some(format!("Could not open “{}”: {e}", p.name)),
        }
    }

    fn clear_selection(&mut self) {
        self.selected = None;
        self.form = None;
    }

    fn stop(&mut self) {
        self.playing = false;
        self.ticker = None;
    }

    fn start_ticker(&mut self, ctx: &Context<Self>) {
        self.ticker = Some(ticker(self.speed, ctx.link().callback(|_| Msg::Tick)));
    }

    /// Why autoplay has nothing left to show, if so (the core's words for a settled run).
    fn nothing_teachable(&self) -> Option<&'static str> {
        self.session
            .nothing_teachable()
            .then(|| settled_words(self.session.world()))
            .flatten()
    }

    fn step(&mut self) {
        // A note about the step before does not outlive it.
        self.notice = None;
        if let Err(e) = self.session.step() {
            self.notice = Some(e);
            self.stop();
        }
    }

    fn form_for(&self, leader: NodeId) -> StartForm {
        let w = self.session.world();
        let live: Vec<NodeId> = (0..w.acceptors.len())
            .map(NodeId::acceptor)
            .filter(|a| !w.is_crashed(*a))
            .collect();
        let all: Vec<NodeId> = (0..w.acceptors.len()).map(NodeId::acceptor).collect();
        let pool = if live.len() >= w.config.majority() {
            live
        } else {
            all
        };
        StartForm {
            leader,
            quorum: pool
                .into_iter()
                .take(w.config.majority())
                .collect::<BTreeSet<_>>(),
            round: String::new(),
            dish: w
                .leaders
                .get(leader.index())
                .map(|l| l.preference.clone())
                .unwrap_or_default(),
        }
    }

    fn act(&mut self, action: Action) {
        match self.session.act(action) {
            Ok(()) => {
                self.notice = None;
                self.error = None;
                if let Some(f) = &self.form {
                    self.form = Some(self.form_for(f.leader));
                }
            }
            Err(e) => self.error = Some(e),
        }
    }
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(_ctx: &Context<Self>) -> Self {
        let draft = default_draft();
        let session = Session::fresh(draft.clone()).unwrap_or_else(|_| Session::fallback());
        let mut app = App {
            session,
            preset: None,
            draft,
            selected: None,
            form: None,
            delay_by: 20,
            playing: false,
            speed: 1,
            ticker: None,
            view: View::Chamber,
            tab: Tab::Synod,
            // The menu tells the truth: with reduced motion asked for, motion starts off.
            motion: if browser::prefers_reduced_motion() {
                Motion::Off
            } else {
                Motion::Smooth
            },
            notice: None,
            error: None,
            keys: None,
            corfu: default_corfu(),
            corfu_load: Rc::new(Load {
                generation: 0,
                scenario: default_corfu(),
            }),
            tour: None,
            presenting: false,
            help: false,
            page_error: None,
            page_notice: None,
            undo: None,
            undo_notice: None,
            undo_fresh: false,
            link: None,
            dragging: false,
            save_timer: None,
            listeners: Vec::new(),
            entered_fullscreen: false,
            tour_before: None,
            autosave_failed: false,
            corfu_hash: String::new(),
            first_visit: browser::load(STORAGE_KEY).is_none()
                && browser::load(FIRST_VISIT_KEY).is_none()
                && browser::fragment().trim_start_matches('#').is_empty(),
        };
        app.start_afresh();
        // Saved work first, then whatever the link names on top of it.
        app.restore();
        app.open_fragment();
        app.undo_fresh = false;
        app
    }

    fn rendered(&mut self, ctx: &Context<Self>, first_render: bool) {
        if first_render {
            self.keys = keys::listen(ctx.link().callback(Msg::Key));
            if let Some(w) = web_sys::window() {
                let link = ctx.link().clone();
                self.listeners
                    .push(EventListener::new(&w, "hashchange", move |_| {
                        link.send_message(Msg::Hash)
                    }));
                if let Some(d) = w.document() {
                    let link = ctx.link().clone();
                    self.listeners
                        .push(EventListener::new(&d, "fullscreenchange", move |_| {
                            link.send_message(Msg::Fullscreen)
                        }));
                    // A reload, a closed tab or a hidden page saves at once: no step is lost.
                    let link = ctx.link().clone();
                    let doc = d.clone();
                    self.listeners
                        .push(EventListener::new(&d, "visibilitychange", move |_| {
                            if doc.hidden() {
                                link.send_message(Msg::Flush)
                            }
                        }));
                }
                let link = ctx.link().clone();
                self.listeners
                    .push(EventListener::new(&w, "pagehide", move |_| {
                        link.send_message(Msg::Flush)
                    }));
            }
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        // Messages that change nothing worth saving.
        let keeps = matches!(
            msg,
            Msg::Select(_)
                | Msg::Close
                | Msg::Form(_)
                | Msg::DelayBy(_)
                | Msg::View(_)
                | Msg::Export
                | Msg::Motion(_)
                | Msg::Draft(_)
                | Msg::NewSeed
                | Msg::Fullscreen
                | Msg::Present
                | Msg::Help
                | Msg::CopyLink
                | Msg::Copied(_)
                | Msg::ExportScenario
                | Msg::Import(_)
                | Msg::Save
                | Msg::Dragging(_)
                | Msg::TabEscape
                | Msg::Undo
                | Msg::New
                | Msg::Flush
                | Msg::FirstVisitDismiss
        );
        let msg = match msg {
            Msg::Key(cmd) => match self.route_key(cmd) {
                Some(m) => m,
                None => return true,
            },
            m => m,
        };
        // Looking at the other tab is no reason to withdraw an Undo.
        let looks = matches!(msg, Msg::Tab(_));
        // In a tour the run on screen is the caption's: changing it leaves the tour, and says so (the
        // notice, with Undo back to the work from before the tour).
        let changes_run = matches!(
            msg,
            Msg::Step
                | Msg::Back
                | Msg::Seek(_)
                | Msg::Play
                | Msg::Reset
                | Msg::Act(_)
                | Msg::Fix(_)
        );
        if changes_run && self.tour.is_some() {
            self.stop();
            self.leave_tour();
        }
        // Autoplay (either tab's) changes the work many times a second: saved together, a moment later.
        let soon = matches!(msg, Msg::Tick | Msg::Corfu(_));
        match msg {
            Msg::Tab(t) => {
                if t != self.tab {
                    self.stop();
                    self.leave_tour();
                    self.tab = t;
                }
            }
            Msg::Preset(i) => {
                self.stop();
                self.leave_tour();
                self.open_preset(i);
            }
            Msg::Draft(c) => self.draft = c,
            Msg::NewSeed => self.draft.seed = random_seed(),
            Msg::Fresh => match Session::fresh(self.draft.clone()) {
                Ok(s) => {
                    self.stop();
                    self.leave_tour();
                    self.session = s;
                    self.preset = None;
                    self.clear_selection();
                    self.notice = Some("A fresh chamber: click a leader to start a round.".into());
                    self.error = None;
                }
                Err(e) => self.error = Some(e),
            },
            Msg::Reset => {
                self.stop();
                self.session.seek(0);
                self.notice = None;
            }
            Msg::Step => self.step(),
            Msg::Back => {
                self.stop();
                self.notice = None;
                self.session.back();
            }
            Msg::Seek(step) => {
                if step != self.session.history.cursor() {
                    self.notice = None;
                }
                self.session.seek(step);
            }
            // P in a CORFU tour: leaving the tour is all (the tab's own P plays its run).
            Msg::Play if self.tab == Tab::Corfu => {}
            Msg::Play => {
                if self.playing {
                    self.stop();
                } else if let Some(why) = self.nothing_teachable() {
                    self.notice = Some(format!("Nothing left to play: {why} Step still goes on."));
                } else if self.session.can_step() {
                    self.playing = true;
                    self.start_ticker(ctx);
                }
            }
            Msg::Speed(i) => {
                self.speed = i.min(SPEEDS.len() - 1);
                if self.playing {
                    self.start_ticker(ctx);
                }
            }
            Msg::Tick => {
                if self.playing {
                    if let Some(why) = self.nothing_teachable() {
                        self.stop();
                        self.notice = Some(format!("Autoplay stopped: {why}"));
                    } else if self.session.can_step() {
                        self.step();
                    } else {
                        self.stop();
                    }
                }
            }
            Msg::Select(target) => match (target, &mut self.form) {
                // While a leader's round is being set up, clicking acceptors picks the quorum.
                (Target::Node(a @ NodeId::Acceptor(_)), Some(form))
                    if self.selected == Some(Target::Node(form.leader)) =>
                {
                    if !form.quorum.remove(&a) {
                        form.quorum.insert(a);
                    }
                }
                (Target::Node(l @ NodeId::Leader(_)), _) => {
                    self.selected = Some(target);
                    self.form = Some(self.form_for(l));
                }
                _ => {
                    self.selected = Some(target);
                    self.form = None;
                }
            },
            Msg::Close => self.clear_selection(),
            Msg::Act(action) => {
                self.stop();
                self.act(action);
            }
            Msg::Fix(action) => self.act(action),
            Msg::Form(f) => self.form = Some(f),
            Msg::DelayBy(t) => self.delay_by = t,
            Msg::View(v) => self.view = v,
            Msg::Export => {
                let h = &self.session.history;
                let text = diagram::svg(h.current(), &h.outcomes()[..h.cursor()], h.cursor());
                if let Err(e) =
                    browser::download("lunch-parliament-diagram.svg", "image/svg+xml", &text)
                {
                    self.error = Some(format!("Could not export: {e}"));
                }
                return false;
            }
            Msg::Motion(m) => self.motion = m,
            Msg::Key(_) => {}
            Msg::Corfu(s) => {
                // Stepping or acting on the CORFU run during a tour leaves the tour (the caption
                // would no longer describe the run).
                let from_tour = self.tour.as_ref().is_some_and(|t| {
                    matches!(t.tour.steps.get(t.index).map(|s| &s.document),
                        Some(Document::Corfu(c)) if same_corfu_run(c, &s))
                });
                if self.tour.is_some() && !from_tour {
                    self.leave_tour();
                }
                self.set_corfu(s);
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
            Msg::Title(t) => {
                // Shown as text everywhere; kept within what a scenario file accepts.
                let title: String = t.chars().filter(|c| !c.is_control()).take(120).collect();
                match self.tab {
                    Tab::Synod => self.session.title = title,
                    Tab::Corfu => {
                        let mut s = self.corfu.clone();
                        s.title = title;
                        self.load_corfu(s);
                    }
                }
            }
            Msg::CopyLink => {
                let url = format!(
                    "{}#{}",
                    browser::address(),
                    link::scenario_fragment(&self.document())
                );
                self.link = Some(url.clone());
                let link = ctx.link().clone();
                spawn_local(async move {
                    let ok = browser::copy(url).await;
                    link.send_message(Msg::Copied(ok));
                });
            }
            Msg::Copied(ok) => {
                self.page_notice = Some(if ok {
                    "Link copied: it opens exactly this run at this step.".into()
                } else {
                    "Copy the link from the box: the browser did not allow the clipboard.".into()
                });
            }
            Msg::ExportScenario => {
                let doc = self.document();
                let title = doc.title().to_string();
                match browser::download(&file_name(&title), "application/json", &doc.to_json()) {
                    Ok(()) => self.page_notice = Some("Scenario file saved.".into()),
                    Err(e) => self.page_error = Some(format!("Could not export: {e}")),
                }
            }
            Msg::Import(file) => {
                self.dragging = false;
                let name = file.name();
                let link = ctx.link().clone();
                spawn_local(async move {
                    let text = browser::read(file, MAX_BYTES).await;
                    link.send_message(Msg::Imported(name, text));
                });
            }
            Msg::Imported(name, text) => {
                let before = self.workspace();
                let opened = text
                    .and_then(|t| Document::parse(&t).map_err(|e| e.to_string()))
                    .and_then(|doc| {
                        self.leave_tour();
                        self.open_document(doc)
                    });
                match opened {
                    Ok(()) => {
                        self.page_error = None;
                        self.offer_undo(before, format!("Opened “{name}”."));
                    }
                    Err(e) => self.fail(format!(
                        "Could not open “{name}”: {e}. Nothing on screen changed."
                    )),
                }
            }
            Msg::New => {
                self.stop();
                self.leave_tour();
                let before = self.workspace();
                let tab = self.tab;
                self.start_afresh();
                self.tab = tab;
                self.save_timer = None;
                browser::forget(STORAGE_KEY);
                self.page_error = None;
                self.offer_undo(
                    before,
                    "Started afresh; your saved work was cleared.".into(),
                );
            }
            Msg::Undo => {
                self.undo_notice = None;
                if let Some(ws) = self.undo.take() {
                    self.stop();
                    match self.apply_workspace(ws) {
                        Ok(()) => {
                            self.save();
                            self.page_notice = Some("Your work is back.".into());
                        }
                        Err(e) => self.page_error = Some(format!("Could not undo: {e}")),
                    }
                }
            }
            Msg::Save => {
                if self.tour.is_none() {
                    self.save();
                } else {
                    self.save_timer = None;
                }
            }
            Msg::Dragging(on) => self.dragging = on,
            Msg::TabEscape => {
                if self.presenting {
                    self.set_presenting(ctx, false);
                }
            }
            Msg::Branch => {
                self.stop();
                if self.session.take_offer() {
                    self.clear_selection();
                    self.notice = None;
                    self.error = None;
                }
            }
            Msg::Flush => {
                if self.save_timer.is_some() && self.tour.is_none() {
                    self.save();
                }
                return false;
            }
            Msg::FirstVisitDismiss => {
                self.first_visit = false;
                let _ = browser::save(FIRST_VISIT_KEY, "1");
            }
        }
        if !keeps {
            // Undo is offered for the change that made it, not after the work moved on.
            if !self.undo_fresh && !looks {
                self.undo = None;
                self.undo_notice = None;
            }
            self.touch(ctx, soon);
        }
        self.undo_fresh = false;
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let h = &self.session.history;
        let world = Rc::new(h.current().clone());
        let cursor = h.cursor();
        let last = cursor
            .checked_sub(1)
            .and_then(|i| h.outcomes().get(i))
            .map(|s| Rc::new(s.clone()));
        let overlap: BTreeSet<NodeId> = explain::quorum_overlaps(&world)
            .into_iter()
            .flat_map(|o| o.overlap)
            .collect();
        let refusals = match self.selected {
            Some(Target::Node(a @ NodeId::Acceptor(_))) => {
                explain::refusals(&h.outcomes()[..cursor], a)
            }
            _ => Vec::new(),
        };
        let picking = match (&self.form, self.selected) {
            (Some(f), Some(Target::Node(l))) if l == f.leader => Some(f.quorum.clone()),
            _ => None,
        };
        let motion = match self.motion {
            Motion::Smooth => "motion-smooth",
            Motion::Slow => "motion-slow",
            Motion::Off => "motion-off",
        };
        let on_motion = link.callback(|e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            Msg::Motion(match s.value().as_str() {
                "slow" => Motion::Slow,
                "off" => Motion::Off,
                _ => Motion::Smooth,
            })
        });
        let protocol_tab = |t: Tab, label: &str| {
            let pressed = self.tab == t;
            html! {
                <button class={classes!("tab", "protocol", pressed.then_some("active"))} aria-pressed={pressed.to_string()}
                    onclick={link.callback(move |_| Msg::Tab(t))}>{ label.to_string() }</button>
            }
        };
        let tab = |v: View, label: &str| {
            let pressed = self.view == v;
            html! {
                <button class={classes!("tab", pressed.then_some("active"))} aria-pressed={pressed.to_string()}
                    onclick={link.callback(move |_| Msg::View(v))}>{ label.to_string() }</button>
            }
        };
        let on_dragover = link.callback(|e: DragEvent| {
            // Without this the browser opens a dropped file itself.
            e.prevent_default();
            Msg::Dragging(true)
        });
        let on_dragleave = link.callback(|_: DragEvent| Msg::Dragging(false));
        let on_drop = link.batch_callback(|e: DragEvent| {
            e.prevent_default();
            let file = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0));
            Some(match file {
                Some(f) => Msg::Import(f),
                None => Msg::Dragging(false),
            })
        });
        let tours: Vec<(usize, &'static str)> = (1..=tour::COUNT)
            .filter_map(|n| tour::title(n).map(|t| (n, t)))
            .collect();
        let title = match self.tab {
            Tab::Synod => self.session.title.clone(),
            Tab::Corfu => self.corfu.title.clone(),
        };
        // What the header and footer say about the open tab: its protocol, run and trace hash.
        let (protocol, tagline, seed, trace) = match self.tab {
            Tab::Synod => (
                "Synod (Paxos)",
                "The single-decree synod, told as lunch.",
                h.initial().config.seed,
                h.digest().hex(),
            ),
            Tab::Corfu => (
                "CORFU shared log",
                "CORFU: a shared log of write-once pages.",
                self.corfu.config.seed,
                self.corfu_hash.clone(),
            ),
        };
        let touring = self.tour.is_some();
        // While presenting, the tour menu and the way out share the tour's title line (or, outside a
        // tour, a line of their own): nothing floats over the chamber.
        let on_tour_menu = {
            let cb = link.callback(Msg::TourOpen);
            Callback::from(move |e: Event| {
                let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
                if let Ok(n) = s.value().parse::<usize>() {
                    cb.emit(n);
                }
                s.set_value("");
                // The clicker's next key is for the lecture, not for this menu.
                let _ = s.blur();
            })
        };
        let current_tour = self.tour.as_ref().map(|t| t.tour.number);
        let page_tools = html! {
            <div class="page-tools">
                if self.presenting {
                    <select id="present-tours" class="tour-menu" aria-label="Tours" title="Open a guided tour" onchange={on_tour_menu}>
                        <option value="" selected=true>{ "Tours…" }</option>
                        { for tours.iter().map(|(n, t)| html! {
                            <option value={n.to_string()}>{ format!("{n}. {t}{}", if current_tour == Some(*n) { " (open)" } else { "" }) }</option>
                        }) }
                    </select>
                }
                <button id="present" aria-pressed={self.presenting.to_string()} onclick={link.callback(|_| Msg::Present)}
                    title="Presentation mode (F)">{ if self.presenting { "Stop presenting" } else { "Present" } }</button>
                <button id="help" title="Keyboard shortcuts (?)" onclick={link.callback(|_| Msg::Help)}>
                    { "?" }<span class="visually-hidden">{ " Keyboard shortcuts" }</span>
                </button>
            </div>
        };
        let tools_in_tour_bar = self.presenting && touring;
        let view_tab = |v: View| tab(v, v.label());
        let synod_view = if self.tab == Tab::Synod {
            self.view
        } else {
            View::Chamber
        };
        let liveness = if world.config.timing.auto {
            html! { <LivenessPanel world={world.clone()} on_action={link.callback(Msg::Fix)} /> }
        } else {
            html! {
                <section class="panel liveness" aria-label="Liveness">
                    <h2>{ "Liveness: will they ever decide?" }</h2>
                    <p class="banner quiet">{ "In this run leaders act only when you start a round: no timers, so no duel. The Dueling leaders preset (and tour 6) shows one, and its fixes." }</p>
                </section>
            }
        };
        html! {
            <div class={classes!("page", motion, self.presenting.then_some("presenting"), touring.then_some("touring"), self.dragging.then_some("dragging"))}
                ondragover={on_dragover} ondragleave={on_dragleave} ondrop={on_drop}>
                <header class="masthead">
                    <svg class="logo" viewBox="0 0 64 64" aria-hidden="true">
                        <circle cx="32" cy="36" r="26" fill="#E69F00" />
                        <circle cx="32" cy="36" r="17" fill="#fbf7f0" />
                        <path d="M21 36h22" stroke="#0072B2" stroke-width="5" stroke-linecap="round" />
                        <circle cx="32" cy="9" r="6" fill="#009E73" />
                    </svg>
                    <h1>{ "Lunch Parliament" }</h1>
                    <p class="tagline" id="tagline">{ tagline }</p>
                    <label class="motion">{ "Motion " }
                        <select onchange={on_motion} aria-label="Motion">
                            <option value="smooth" selected={self.motion == Motion::Smooth}>{ "smooth" }</option>
                            <option value="slow" selected={self.motion == Motion::Slow}>{ "slow" }</option>
                            <option value="off" selected={self.motion == Motion::Off}>{ "off" }</option>
                        </select>
                    </label>
                    if !tools_in_tour_bar {
                        { page_tools.clone() }
                    }
                </header>
                <nav class="protocol-tabs" aria-label="Protocol">
                    { protocol_tab(Tab::Synod, "1 · Synod (Paxos)") }
                    { protocol_tab(Tab::Corfu, "2 · CORFU shared log") }
                    <Keeping title={AttrValue::from(title.clone())} link={self.link.clone().map(AttrValue::from)}
                        on_title={link.callback(Msg::Title)} on_copy={link.callback(|_| Msg::CopyLink)}
                        on_export={link.callback(|_| Msg::ExportScenario)} on_import={link.callback(Msg::Import)}
                        on_new={link.callback(|_| Msg::New)} on_tour={link.callback(Msg::TourOpen)} tours={tours.clone()} />
                </nav>
                if self.first_visit && !self.presenting && self.tour.is_none() {
                    <p class="first-visit" id="first-visit">{ "New here? " }
                        <button class="first-visit-tour" onclick={link.callback(|_| Msg::TourOpen(1))}>
                            { format!("Start the guided tour: {} →", tour::title(1).unwrap_or("What consensus is")) }
                        </button>
                        <button class="first-visit-dismiss" aria-label="Dismiss the pointer to the tour" title="Dismiss"
                            onclick={link.callback(|_| Msg::FirstVisitDismiss)}>{ "×" }</button>
                    </p>
                }
                if self.page_error.is_some() || self.page_notice.is_some() {
                    <div class="page-messages">
                        if let Some(e) = &self.page_error {
                            <p class="error" role="alert" id="page-error">{ e }</p>
                        }
                        if let Some(n) = &self.page_notice {
                            <p class="notice" role="status" id="page-notice">{ n }
                                if self.undo.is_some() && self.page_notice == self.undo_notice {
                                    { " " }<button id="undo" onclick={link.callback(|_| Msg::Undo)}>{ "Undo" }</button>
                                }
                            </p>
                        }
                    </div>
                }
                if let Some(t) = &self.tour {
                    <TourBar number={t.tour.number} title={AttrValue::from(t.tour.title.clone())} index={t.index}
                        count={t.tour.steps.len()}
                        caption={AttrValue::from(t.tour.steps.get(t.index).map(|s| s.caption.clone()).unwrap_or_default())}
                        forward={tour::forward(t.tour.number, t.index, t.tour.steps.len())}
                        backward={tour::backward(t.tour.number, t.index)}
                        on_move={link.callback(Msg::TourMove)} on_leave={link.callback(|_| Msg::TourLeave)}>
                        if tools_in_tour_bar {
                            { page_tools.clone() }
                        }
                    </TourBar>
                }
                // Each tab has a host element of its own: the CORFU tab draws nothing while hidden, and
                // an empty component beside a changing sibling confuses Yew's node positions.
                <div class={classes!("tab-host", (self.tab == Tab::Corfu).then_some("open"))}>
                    <CorfuTab active={self.tab == Tab::Corfu} keys={self.corfu_keys()} compact={self.presenting}
                        load={self.corfu_load.clone()} on_change={link.callback(Msg::Corfu)}
                        on_escape={link.callback(|_| Msg::TabEscape)} />
                </div>
                <div class={classes!("tab-host", (self.tab == Tab::Synod).then_some("open"))}>
                if self.tab == Tab::Synod {
                <section class="controls" aria-label="Scenario controls">
                    <Setup preset={self.preset} draft={self.draft.clone()}
                        on_preset={link.callback(Msg::Preset)} on_draft={link.callback(Msg::Draft)}
                        on_fresh={link.callback(|_| Msg::Fresh)} on_new_seed={link.callback(|_| Msg::NewSeed)}
                        on_reset={link.callback(|_| Msg::Reset)} />
                    <Controls cursor={cursor} len={h.len()} can_step={self.session.can_step()} playing={self.playing}
                        speed={self.speed} on_step={link.callback(|_| Msg::Step)} on_back={link.callback(|_| Msg::Back)}
                        on_play={link.callback(|_| Msg::Play)} on_speed={link.callback(Msg::Speed)}
                        on_seek={link.callback(Msg::Seek)} />
                    if touring {
                        <p class="hint tour-hint">{ "In the tour, → and ← move between captions; Step, Back, Play and the timeline leave the tour and keep playing." }</p>
                    }
                    if let Some(e) = &self.error {
                        <p class="error" role="alert">{ e }</p>
                    }
                    if let Some(n) = &self.notice {
                        <p class="notice" role="status">{ n }</p>
                    }
                    if let Some(offer) = self.session.offer() {
                        <p class="notice branch" role="status" id="branch-notice">
                            { format!("{} — ", offer.words().0) }
                            <button id="branch-undo" onclick={link.callback(|_| Msg::Branch)}>{ offer.words().1 }</button>
                        </p>
                    }
                </section>
                <main class={classes!("board", format!("view-{}", synod_view.id()))}>
                    <div class="stage">
                        <div class="tabs" role="group" aria-label="View">
                            { for View::ALL.iter().map(|v| view_tab(*v)) }
                            if synod_view == View::Diagram {
                                <button id="export" class="act" onclick={link.callback(|_| Msg::Export)}>{ "Export SVG" }</button>
                            }
                        </div>
                        { match synod_view {
                            View::Chamber => html! {
                                <>
                                    <Chamber world={world.clone()} last={last} selected={self.selected} picking={picking}
                                        overlap={overlap} on_select={link.callback(Msg::Select)} presenting={self.presenting} />
                                    // While presenting, liveness is a view of its own (V).
                                    if world.config.timing.auto && !self.presenting {
                                        { liveness.clone() }
                                    }
                                </>
                            },
                            View::Diagram => html! {
                                <SpaceTime svg={AttrValue::from(diagram::svg(h.current(), &h.outcomes()[..cursor], cursor))}
                                    on_jump={link.callback(Msg::Seek)} />
                            },
                            // A panel as the view scrolls if it must, and takes the focus to scroll by keyboard.
                            View::Safety => html! {
                                <div class="view-panel" tabindex="0"><SafetyPanel world={world.clone()} /></div>
                            },
                            View::Liveness => html! { <div class="view-panel" tabindex="0">{ liveness.clone() }</div> },
                        } }
                        <Inspector world={world.clone()} refusals={refusals}
                            selected={self.selected} form={self.form.clone()} delay_by={self.delay_by}
                            on_action={link.callback(Msg::Act)} on_form={link.callback(Msg::Form)}
                            on_delay_by={link.callback(Msg::DelayBy)} on_close={link.callback(|_| Msg::Close)} />
                    </div>
                    <div class="side">
                        <Transcript lines={Rc::new(self.session.recent_lines(if self.presenting { PRESENTING_WINDOW } else { WINDOW }))} cursor={cursor} on_jump={link.callback(Msg::Seek)} />
                        if synod_view != View::Safety {
                            <SafetyPanel world={world} />
                        }
                    </div>
                </main>
                }
                </div>
                <footer class="footer">
                    <span id="footer-protocol">{ protocol }</span>
                    <span id="footer-title">{ format!("{title} · seed {seed}") }</span>
                    <span>{ "Keys: → Space PageDown step · ← PageUp back · V view · P play · F present · ? all keys" }</span>
                    <span>{ "Trace hash " }<code id="trace-hash">{ trace }</code></span>
                </footer>
                if self.help {
                    <Help on_close={link.callback(|_| Msg::Help)} />
                }
                if self.dragging {
                    <div class="drop-hint" aria-hidden="true">{ "Drop a scenario file to open it" }</div>
                }
            </div>
        }
    }
}
