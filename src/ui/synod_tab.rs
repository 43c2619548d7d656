//! The Synod tab: the chamber you can step, break and rewind. Holds the session (history and title),
//! stepping and autoplay, the selection and the inspector's start-round form, the views (chamber,
//! space-time diagram, safety, liveness) and the New-chamber setup. Every change to the world is a
//! core `Action`.
//!
//! It plugs into the page shell like every tab (see `tab.rs`): `load` opens an [`Opening`], `keys`
//! brings the keys the shell routed here, `on_change` reports the run with what it is worth to the
//! keeper, `on_escape` hands back an Esc with nothing selected. Its own extra props: `title` (the page's
//! title field edits it) and `touring` (a tour is open: the controls say how to leave it).

use super::browser;
use super::chamber::{Chamber, Target};
use super::controls::{ticker, Controls, Ticker, SPEEDS};
use super::diagram::{self, SpaceTime};
use super::inspector::{Inspector, StartForm};
use super::keeper::Worth;
use super::keys::Command;
use super::lab::synod::{breaking_step, SynodLab};
use super::lab::{breaks_at, lab_button, lab_host, mark, Door};
use super::liveness::LivenessPanel;
use super::safety::SafetyPanel;
use super::session::Session;
use super::setup::Setup;
use super::tab::{Change, KeyChannel, Load};
use super::transcript::{said, Transcript, PRESENTING_WINDOW, WINDOW};
use lunch_parliament::scenario::{presets, Scenario};
use lunch_parliament::synod::settled::settled_words;
use lunch_parliament::synod::{explain, Action, Config, NodeId};
use lunch_parliament::tour::View;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::prelude::*;

/// What the page asks the Synod tab to show.
pub struct Opening {
    /// The run to open; `None` keeps the run (a CORFU tour step still sets the Synod view).
    pub scenario: Option<Scenario>,
    /// The view to show (a tour step names one); `None` keeps the view.
    pub view: Option<View>,
    /// The scenario already replayed by the page (which checked that it opens), handed over once.
    /// `None` with a scenario: the run is the open one, and only the cursor moves (a tour steps
    /// through one run instantly).
    pub session: RefCell<Option<Session>>,
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
    /// Export the space-time diagram as SVG.
    Export,
    /// Undo (or redo) the replacement of a recorded future.
    Branch,
    /// A key the page routed to this tab.
    Key(Command),
    /// Open or close the break-it lab (in the stage, in place of the view).
    Lab,
}

/// What a message is worth to the keeper, and whether it takes the run away from a tour's caption.
/// Exhaustive on purpose: a new message must say.
fn worth(msg: &Msg) -> (Worth, bool) {
    match msg {
        Msg::Step
        | Msg::Back
        | Msg::Seek(_)
        | Msg::Play
        | Msg::Reset
        | Msg::Act(_)
        | Msg::Fix(_)
        | Msg::Preset(_)
        | Msg::Fresh => (Worth::Now, true),
        // A new speed or a brought-back future counts as moving on (a standing Undo is withdrawn).
        Msg::Speed(_) | Msg::Branch => (Worth::Now, false),
        Msg::Tick => (Worth::Soon, false),
        Msg::Draft(_)
        | Msg::NewSeed
        | Msg::Select(_)
        | Msg::Close
        | Msg::Form(_)
        | Msg::DelayBy(_)
        | Msg::View(_)
        | Msg::Lab
        | Msg::Export => (Worth::Nothing, false),
        // Routed to one of the above before it is weighed.
        Msg::Key(_) => (Worth::Nothing, false),
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub active: bool,
    pub compact: bool,
    pub touring: bool,
    pub title: AttrValue,
    pub load: Rc<Load<Opening>>,
    pub keys: KeyChannel,
    pub on_change: Callback<Change<Scenario>>,
    pub on_escape: Callback<()>,
    /// The break-it lab's *Play it*: the page opens this run (with Undo, like a shared link).
    pub on_counterexample: Callback<Scenario>,
}

pub struct SynodTab {
    session: Session,
    generation: u64,
    preset: Option<usize>,
    draft: Config,
    selected: Option<Target>,
    form: Option<StartForm>,
    delay_by: u64,
    playing: bool,
    speed: usize,
    ticker: Option<Ticker>,
    view: View,
    /// The break-it lab is in the stage (in place of the view).
    lab: Door,
    notice: Option<String>,
    error: Option<String>,
}

fn random_seed() -> u64 {
    let mut bytes = [0u8; 8];
    match getrandom::fill(&mut bytes) {
        Ok(()) => u64::from_le_bytes(bytes) % 1_000_000_000,
        Err(_) => 0,
    }
}

/// The transcript class of a synod speaker.
fn role(n: NodeId) -> &'static str {
    match n {
        NodeId::Leader(_) => "leader",
        NodeId::Acceptor(_) => "acceptor",
    }
}

impl SynodTab {
    /// Opens what the page asks; a run it cannot open is said, and the tab keeps what it showed.
    fn open(&mut self, opening: &Opening) {
        self.stop();
        if let Some(v) = opening.view {
            self.view = v;
            self.lab.close();
        }
        let Some(s) = &opening.scenario else { return };
        let h = &self.session.history;
        let opened = opening.session.borrow_mut().take();
        if let Some(session) = opened {
            self.draft = (*session.world().config).clone();
            self.session = session;
        } else if *h.initial().config == s.config && h.actions() == s.actions.as_slice() {
            self.session.seek(s.step.unwrap_or(s.actions.len()));
        } else {
            match Session::open(s) {
                Ok(session) => {
                    self.draft = (*session.world().config).clone();
                    self.session = session;
                }
                Err(e) => {
                    self.error = Some(format!("Could not open “{}”: {e}", s.title));
                    return;
                }
            }
        }
        self.session.title = s.title.clone();
        self.preset = presets().iter().position(|p| p.name == s.title);
        self.clear_selection();
        self.notice = None;
        self.error = None;
    }

    fn report(&self, ctx: &Context<Self>, worth: Worth, leaves_tour: bool) {
        let h = &self.session.history;
        ctx.props().on_change.emit(Change {
            scenario: Scenario::of_history(&self.session.title, h),
            hash: h.digest().hex(),
            worth,
            leaves_tour,
        });
    }

    /// What a key means on this tab (tours, overlays and page keys are the shell's).
    fn route_key(&self, ctx: &Context<Self>, cmd: Command) -> Option<Msg> {
        match cmd {
            Command::Step => Some(Msg::Step),
            Command::Back => Some(Msg::Back),
            Command::PlayPause => Some(Msg::Play),
            Command::First => Some(Msg::Seek(0)),
            Command::Last => Some(Msg::Seek(self.session.history.len())),
            // From the lab, V goes back to the view behind it.
            Command::View if self.lab.open => Some(Msg::View(self.view)),
            Command::View => Some(Msg::View(self.view.next())),
            Command::Escape if self.selected.is_some() => Some(Msg::Close),
            Command::Escape if self.lab.open => Some(Msg::Lab),
            Command::Escape => {
                ctx.props().on_escape.emit(());
                None
            }
            Command::Present | Command::Help | Command::Tab(_) => None,
        }
    }

    fn open_preset(&mut self, index: usize) {
        let Some(p) = presets().get(index) else {
            return;
        };
        match p.scenario().and_then(|s| Session::open(&s)) {
            Ok(s) => {
                self.draft = (*s.world().config).clone();
                self.session = s;
                self.preset = Some(index);
                self.clear_selection();
                self.error = None;
                self.notice = None;
            }
            // The tab keeps what it showed and says what went wrong.
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
                .map(|l| l.preference.to_string())
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

impl Component for SynodTab {
    type Message = Msg;
    type Properties = Props;

    fn create(ctx: &Context<Self>) -> Self {
        let draft = Config::new(5, &["Thai", "Taco"], 2026);
        let session = Session::fresh(draft.clone()).unwrap_or_else(|_| Session::fallback());
        let props = ctx.props();
        let mut tab = SynodTab {
            session,
            generation: props.load.generation,
            preset: None,
            draft,
            selected: None,
            form: None,
            delay_by: 20,
            playing: false,
            speed: 1,
            ticker: None,
            view: View::Chamber,
            lab: Door::default(),
            notice: None,
            error: None,
        };
        tab.open(&props.load.scenario);
        props.keys.connect(ctx.link().callback(Msg::Key));
        tab.report(ctx, Worth::Nothing, false);
        tab
    }

    fn changed(&mut self, ctx: &Context<Self>, old: &Props) -> bool {
        let props = ctx.props();
        if props.keys != old.keys {
            props.keys.connect(ctx.link().callback(Msg::Key));
        }
        if props.title != old.title {
            self.session.title = props.title.to_string();
        }
        let loaded = props.load.generation != self.generation;
        if loaded {
            self.generation = props.load.generation;
            self.open(&props.load.scenario);
            self.report(ctx, Worth::Nothing, false);
        }
        if !props.active {
            self.stop();
        }
        // The callbacks are new at every render of the page; only these change what is drawn.
        loaded
            || props.active != old.active
            || props.compact != old.compact
            || props.touring != old.touring
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        let msg = match msg {
            Msg::Key(cmd) => match self.route_key(ctx, cmd) {
                Some(m) => m,
                None => return false,
            },
            m => m,
        };
        let (worth, mut leaves_tour) = worth(&msg);
        match msg {
            Msg::Preset(i) => {
                self.stop();
                self.open_preset(i);
            }
            Msg::Draft(c) => self.draft = c,
            Msg::NewSeed => self.draft.seed = random_seed(),
            Msg::Fresh => match Session::fresh(self.draft.clone()) {
                Ok(s) => {
                    self.stop();
                    self.session = s;
                    self.preset = None;
                    self.clear_selection();
                    self.notice = Some("A fresh chamber: click a leader to start a round.".into());
                    self.error = None;
                }
                Err(e) => {
                    leaves_tour = false;
                    self.error = Some(e);
                }
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
            Msg::View(v) => {
                self.view = v;
                self.lab.close();
            }
            Msg::Lab => self.lab.toggle(),
            Msg::Export => {
                let h = &self.session.history;
                let text = diagram::svg(h.current(), &h.outcomes()[..h.cursor()], h.cursor());
                if let Err(e) =
                    browser::download("lunch-parliament-diagram.svg", "image/svg+xml", &text)
                {
                    self.error = Some(format!("Could not export: {e}"));
                    return true;
                }
                return false;
            }
            Msg::Branch => {
                self.stop();
                if self.session.take_offer() {
                    self.clear_selection();
                    self.notice = None;
                    self.error = None;
                }
            }
            Msg::Key(_) => {}
        }
        if worth != Worth::Nothing {
            self.report(ctx, worth, leaves_tour);
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        // Hidden, the tab keeps its run but draws nothing (no second set of controls in the page).
        if !ctx.props().active {
            return html! {};
        }
        let props = ctx.props();
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
        let view_tab = |v: View| {
            let pressed = !self.lab.open && self.view == v;
            html! {
                <button class={classes!("tab", pressed.then_some("active"))} aria-pressed={pressed.to_string()}
                    onclick={link.callback(move |_| Msg::View(v))}>{ v.label().to_string() }</button>
            }
        };
        let presenting = props.compact;
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
        let window = if presenting {
            PRESENTING_WINDOW
        } else {
            WINDOW
        };
        // In a run of a broken variant, the step that breaks a property is marked in the transcript with
        // the sentence that says which rule's absence allowed it (a fact of the run, so a shared link
        // shows it too).
        let breaks = breaking_step(h);
        let mut lines = said(self.session.recent_lines(window), role);
        mark(&mut lines, breaks.as_ref());
        html! {
            <>
                <section class="controls" aria-label="Scenario controls">
                    <Setup preset={self.preset} draft={self.draft.clone()}
                        on_preset={link.callback(Msg::Preset)} on_draft={link.callback(Msg::Draft)}
                        on_fresh={link.callback(|_| Msg::Fresh)} on_new_seed={link.callback(|_| Msg::NewSeed)}
                        on_reset={link.callback(|_| Msg::Reset)} />
                    <Controls cursor={cursor} len={h.len()} can_step={self.session.can_step()} playing={self.playing}
                        speed={self.speed} on_step={link.callback(|_| Msg::Step)} on_back={link.callback(|_| Msg::Back)}
                        on_play={link.callback(|_| Msg::Play)} on_speed={link.callback(Msg::Speed)}
                        on_seek={link.callback(Msg::Seek)} />
                    if props.touring {
                        <p class="hint tour-hint">{ "In the tour, → and ← move between captions; Step, Back, Play and the timeline leave the tour and keep playing." }</p>
                    }
                    if let Some(e) = &self.error {
                        <p class="error" role="alert">{ e }</p>
                    }
                    if let Some(n) = &self.notice {
                        <p class="notice" role="status">{ n }</p>
                    }
                    { breaks_at(breaks.as_ref(), cursor) }
                    if let Some(offer) = self.session.offer() {
                        <p class="notice branch" role="status" id="branch-notice">
                            { format!("{} — ", offer.words().0) }
                            <button id="branch-undo" onclick={link.callback(|_| Msg::Branch)}>{ offer.words().1 }</button>
                        </p>
                    }
                </section>
                <main class={classes!("board", format!("view-{}", self.view.id()), self.lab.open.then_some("lab-open"))}>
                    <div class="stage">
                        <div class="tabs" role="group" aria-label="View">
                            { for View::ALL.iter().map(|v| view_tab(*v)) }
                            { lab_button(self.lab, "Remove a rule of Paxos and search every interleaving for a way to break it", link.callback(|_| Msg::Lab)) }
                            if self.view == View::Diagram && !self.lab.open {
                                <button id="export" class="act" onclick={link.callback(|_| Msg::Export)}>{ "Export SVG" }</button>
                            }
                        </div>
                        if !self.lab.open {
                        { match self.view {
                            View::Chamber => html! {
                                <>
                                    <Chamber world={world.clone()} last={last} selected={self.selected} picking={picking}
                                        overlap={overlap} on_select={link.callback(Msg::Select)} presenting={presenting} />
                                    // While presenting, liveness is a view of its own (V).
                                    if world.config.timing.auto && !presenting {
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
                        }
                        { lab_host(self.lab, html! { <SynodLab on_open={props.on_counterexample.clone()} /> }) }
                        <Inspector world={world.clone()} refusals={refusals}
                            selected={self.selected} form={self.form.clone()} delay_by={self.delay_by}
                            on_action={link.callback(Msg::Act)} on_form={link.callback(Msg::Form)}
                            on_delay_by={link.callback(Msg::DelayBy)} on_close={link.callback(|_| Msg::Close)} />
                    </div>
                    <div class="side">
                        <Transcript lines={lines} cursor={cursor} on_jump={link.callback(Msg::Seek)} />
                        if self.view != View::Safety {
                            <SafetyPanel world={world} />
                        }
                    </div>
                </main>
            </>
        }
    }
}
