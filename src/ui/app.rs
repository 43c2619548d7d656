//! The Synod tab: the chamber you can step, break and rewind. Holds the session and the view state;
//! every change to the world is a core `Action`.

use super::chamber::{Chamber, Target};
use super::controls::{ticker, Controls, SPEEDS};
use super::corfu_tab::CorfuTab;
use super::diagram::{self, SpaceTime};
use super::inspector::{Inspector, StartForm};
use super::keys::{self, Command};
use super::liveness::LivenessPanel;
use super::safety::SafetyPanel;
use super::session::Session;
use super::setup::Setup;
use super::transcript::{Transcript, WINDOW};
use gloo_events::EventListener;
use gloo_timers::callback::Interval;
use lunch_parliament::scenario::presets;
use lunch_parliament::synod::{explain, Action, Config, NodeId};
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum View {
    Chamber,
    Diagram,
}

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
    keys: Option<EventListener>,
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

impl App {
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

    fn step(&mut self) {
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
            Ok(replaced) => {
                self.notice = replaced;
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
            motion: Motion::Smooth,
            notice: None,
            error: None,
            keys: None,
        };
        // Open "Round 10" first: the slide everyone knows.
        let first = presets()
            .iter()
            .position(|p| p.id == "round-10")
            .unwrap_or(0);
        app.open_preset(first);
        app
    }

    fn rendered(&mut self, ctx: &Context<Self>, first_render: bool) {
        if first_render {
            self.keys = keys::listen(ctx.link().callback(Msg::Key));
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        // The CORFU tab listens to the keys itself.
        if self.tab == Tab::Corfu && matches!(msg, Msg::Key(_)) {
            return false;
        }
        match msg {
            Msg::Tab(t) => {
                self.stop();
                self.tab = t;
            }
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
                Err(e) => self.error = Some(e),
            },
            Msg::Reset => {
                self.stop();
                self.session.seek(0);
                self.notice = None;
            }
            Msg::Step | Msg::Key(Command::Step) => self.step(),
            Msg::Back | Msg::Key(Command::Back) => {
                self.stop();
                self.session.back();
            }
            Msg::Seek(step) => self.session.seek(step),
            Msg::Play | Msg::Key(Command::PlayPause) => {
                if self.playing {
                    self.stop();
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
                    if self.session.can_step() {
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
            Msg::Close | Msg::Key(Command::Escape) => self.clear_selection(),
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
                    diagram::download("lunch-parliament-diagram.svg", "image/svg+xml", &text)
                {
                    self.error = Some(format!("Could not export: {e}"));
                }
                return false;
            }
            Msg::Motion(m) => self.motion = m,
        }
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
        html! {
            <div class={classes!("page", motion)}>
                <header class="masthead">
                    <svg class="logo" viewBox="0 0 64 64" aria-hidden="true">
                        <circle cx="32" cy="36" r="26" fill="#E69F00" />
                        <circle cx="32" cy="36" r="17" fill="#fbf7f0" />
                        <path d="M21 36h22" stroke="#0072B2" stroke-width="5" stroke-linecap="round" />
                        <circle cx="32" cy="9" r="6" fill="#009E73" />
                    </svg>
                    <h1>{ "Lunch Parliament" }</h1>
                    <p class="tagline">{ "The single-decree synod, told as lunch." }</p>
                    <label class="motion">{ "Motion " }
                        <select onchange={on_motion} aria-label="Motion">
                            <option value="smooth" selected={self.motion == Motion::Smooth}>{ "smooth" }</option>
                            <option value="slow" selected={self.motion == Motion::Slow}>{ "slow" }</option>
                            <option value="off" selected={self.motion == Motion::Off}>{ "off" }</option>
                        </select>
                    </label>
                </header>
                <nav class="protocol-tabs" aria-label="Protocol">
                    { protocol_tab(Tab::Synod, "Synod (Paxos)") }
                    { protocol_tab(Tab::Corfu, "CORFU shared log") }
                </nav>
                if self.tab == Tab::Corfu {
                    <CorfuTab />
                } else {
                <section class="controls" aria-label="Scenario controls">
                    <Setup preset={self.preset} draft={self.draft.clone()}
                        on_preset={link.callback(Msg::Preset)} on_draft={link.callback(Msg::Draft)}
                        on_fresh={link.callback(|_| Msg::Fresh)} on_new_seed={link.callback(|_| Msg::NewSeed)}
                        on_reset={link.callback(|_| Msg::Reset)} />
                    <Controls cursor={cursor} len={h.len()} can_step={self.session.can_step()} playing={self.playing}
                        speed={self.speed} on_step={link.callback(|_| Msg::Step)} on_back={link.callback(|_| Msg::Back)}
                        on_play={link.callback(|_| Msg::Play)} on_speed={link.callback(Msg::Speed)}
                        on_seek={link.callback(Msg::Seek)} />
                    if let Some(e) = &self.error {
                        <p class="error" role="alert">{ e }</p>
                    }
                    if let Some(n) = &self.notice {
                        <p class="notice" role="status">{ n }</p>
                    }
                </section>
                <main class="board">
                    <div class="stage">
                        <div class="tabs" role="group" aria-label="View">
                            { tab(View::Chamber, "Chamber") }
                            { tab(View::Diagram, "Space-time diagram") }
                            if self.view == View::Diagram {
                                <button id="export" class="act" onclick={link.callback(|_| Msg::Export)}>{ "Export SVG" }</button>
                            }
                        </div>
                        if self.view == View::Chamber {
                            <Chamber world={world.clone()} last={last} selected={self.selected} picking={picking}
                                overlap={overlap} on_select={link.callback(Msg::Select)} />
                        } else {
                            <SpaceTime svg={AttrValue::from(diagram::svg(h.current(), &h.outcomes()[..cursor], cursor))}
                                on_jump={link.callback(Msg::Seek)} />
                        }
                        if world.config.timing.auto {
                            <LivenessPanel world={world.clone()} on_action={link.callback(Msg::Fix)} />
                        }
                        <Inspector world={world.clone()} refusals={refusals}
                            selected={self.selected} form={self.form.clone()} delay_by={self.delay_by}
                            on_action={link.callback(Msg::Act)} on_form={link.callback(Msg::Form)}
                            on_delay_by={link.callback(Msg::DelayBy)} on_close={link.callback(|_| Msg::Close)} />
                    </div>
                    <div class="side">
                        <Transcript lines={Rc::new(self.session.recent_lines(WINDOW))} cursor={cursor} on_jump={link.callback(Msg::Seek)} />
                        <SafetyPanel world={world} />
                    </div>
                </main>
                }
                <footer class="footer">
                    <span>{ format!("{} · seed {}", self.session.title, h.initial().config.seed) }</span>
                    <span>{ "Keys: → Space PageDown step · ← PageUp back · P play · Esc close" }</span>
                    <span>{ "Trace hash " }<code id="trace-hash">{ h.digest().hex() }</code></span>
                </footer>
            </div>
        }
    }
}
