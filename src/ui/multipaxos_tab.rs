//! The Multi-Paxos tab: the week (slots × canteens, beside what each acceptor accepted), the chamber of
//! clients, replicas, leaders (with their scouts and commanders) and acceptors with messengers walking
//! between them, the same stepping, timeline, keys and transcript as the other tabs, the costs of the
//! week, and Multi-Paxos's named properties. Every change is a `multipaxos::Action`. The stage shows
//! the chamber or the kit's space-time diagram; the messenger inspector is the kit's too.

mod chamber;
mod week;

use super::browser;
use super::controls::Controls;
use super::diagram::SpaceTime;
use super::inspector::{self, Panel};
use super::keeper::Worth;
use super::keys::Command;
use super::lab::multipaxos::{breaking_step, MultiPaxosLab};
use super::lab::{breaks_at, lab_button, lab_host, mark, Door};
use super::player::{Play, Player};
use super::session::Session;
use super::tab::{Change, KeyChannel, Load};
use super::transcript::{said, Transcript, PRESENTING_WINDOW, WINDOW};
use lunch_parliament::multipaxos::presets::{presets, MultiPaxosScenario};
use lunch_parliament::multipaxos::week::phases;
use lunch_parliament::multipaxos::{diagram, metrics, Action, MultiPaxos, NodeId, World};
use lunch_parliament::sim::MessengerId;
use std::rc::Rc;
use yew::prelude::*;

/// What the stage shows below the week: the chamber (the default) or the space-time diagram.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Chamber,
    Diagram,
}

impl View {
    const ALL: [View; 2] = [View::Chamber, View::Diagram];

    fn label(self) -> &'static str {
        match self {
            View::Chamber => "Chamber",
            View::Diagram => "Space-time diagram",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Node(NodeId),
    Messenger(MessengerId),
}

pub enum Msg {
    Preset(usize),
    Step,
    Back,
    Seek(usize),
    Play,
    Speed(usize),
    Tick,
    Key(Command),
    Select(Target),
    Close,
    Act(Action),
    /// The dish a client is about to order.
    Dish(String),
    /// Undo (or redo) the replacement of a recorded future (kept by `History` as a branch).
    Branch,
    View(View),
    /// Save the space-time diagram as an SVG file.
    Export,
    /// The time the inspector's "Delay" adds.
    DelayBy(u64),
    /// Open or close the break-it lab (in the stage, in place of the view).
    Lab,
}

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The tab is showing; hidden, it keeps its state.
    pub active: bool,
    /// Presenting: the transcript shows only the last few steps.
    pub compact: bool,
    pub load: Rc<Load<MultiPaxosScenario>>,
    /// The keys the page routes to this tab.
    pub keys: KeyChannel,
    /// Every change of the run or the cursor, as the scenario file that reproduces it.
    pub on_change: Callback<Change<MultiPaxosScenario>>,
    /// Esc with nothing selected here: the page may close something of its own.
    pub on_escape: Callback<()>,
    /// The break-it lab's *Play it*: the page opens this run (with Undo, like a shared link).
    pub on_counterexample: Callback<MultiPaxosScenario>,
}

pub struct MultiPaxosTab {
    preset: Option<usize>,
    generation: u64,
    /// The run, its history and the offer to undo a replaced future: the kit's session.
    session: Session<MultiPaxos>,
    selected: Option<Target>,
    dish: String,
    /// Stepping and autoplay: the kit's player.
    player: Player,
    notice: Option<String>,
    error: Option<String>,
    scroller: NodeRef,
    centred: bool,
    view: View,
    /// The break-it lab is in the stage (in place of the view).
    lab: Door,
    delay_by: u64,
}

/// What a message is worth to the keeper (exhaustive: a new message must say). Autoplay and stepping
/// alike are saved a moment later.
fn worth(msg: &Msg) -> Worth {
    match msg {
        Msg::Preset(_)
        | Msg::Step
        | Msg::Back
        | Msg::Seek(_)
        | Msg::Play
        | Msg::Tick
        | Msg::Act(_)
        | Msg::Branch
        | Msg::Key(Command::Step | Command::Back | Command::First | Command::Last) => Worth::Soon,
        Msg::Select(_)
        | Msg::Close
        | Msg::Dish(_)
        | Msg::Speed(_)
        | Msg::View(_)
        | Msg::Export
        | Msg::DelayBy(_)
        | Msg::Lab
        | Msg::Key(_) => Worth::Nothing,
    }
}

/// Whether two scenarios show the same run at the same step (a step at the end may be left out).
fn same_run(a: &MultiPaxosScenario, b: &MultiPaxosScenario) -> bool {
    a.config == b.config
        && a.actions == b.actions
        && a.step.unwrap_or(a.actions.len()) == b.step.unwrap_or(b.actions.len())
}

/// The transcript's class for a speaker.
fn role(n: NodeId) -> &'static str {
    match n {
        NodeId::Client(_) => "client",
        NodeId::Replica(_) => "replica",
        NodeId::Leader(_) => "leader",
        NodeId::Acceptor(_) => "acceptor",
    }
}

/// A world to stand in when what the page opened cannot be (its error is shown).
fn lecture_world() -> World {
    World::lecture_default()
}

/// The node as a sentence, for the inspector and screen readers.
pub(crate) fn describe(w: &World, n: NodeId) -> String {
    let state = if w.is_crashed(n) { ", crashed" } else { "" };
    let i = n.index();
    match n {
        NodeId::Client(_) => {
            let orders = w.clients.get(i).map_or(0, |c| c.orders.len());
            let served = w
                .clients
                .get(i)
                .map_or(0, |c| c.orders.iter().filter(|o| o.1.is_some()).count());
            format!("Client {n}{state}: {orders} ordered, {served} served")
        }
        NodeId::Replica(_) => match w.replicas.get(i) {
            Some(r) => format!(
                "Canteen (replica) {n}{state}: serves {} next, may propose up to slot {}, {} waiting, {} served",
                lunch_parliament::multipaxos::day(r.slot_out),
                r.slot_in,
                r.requests.len(),
                r.served.len()
            ),
            None => n.to_string(),
        },
        NodeId::Leader(_) => match w.leaders.get(i) {
            Some(l) => {
                let ballot = if l.ballot.round == 0 {
                    "no ballot yet".to_string()
                } else {
                    format!("ballot {}", l.ballot)
                };
                let status = if l.active {
                    "active"
                } else if l.scout.is_some() {
                    "scouting"
                } else {
                    "passive"
                };
                let by = l
                    .preempted_by
                    .map(|b| format!(", preempted by {b}"))
                    .unwrap_or_default();
                format!(
                    "Leader {n}{state}: {status}, {ballot}{by}, {} commanders",
                    l.commanders.len()
                )
            }
            None => n.to_string(),
        },
        NodeId::Acceptor(_) => match w.acceptors.get(i) {
            Some(a) => format!(
                "Acceptor {n}{state}: ballot {}, {} accepted",
                a.ballot.map_or("none".to_string(), |b| b.to_string()),
                a.accepted.len()
            ),
            None => n.to_string(),
        },
    }
}

impl MultiPaxosTab {
    fn open(&mut self, i: usize) {
        let Some(p) = presets().get(i) else { return };
        if let Err(e) = p.scenario().and_then(|s| self.open_scenario(&s)) {
            self.error = Some(format!("Could not open “{}”: {e}", p.name));
        }
    }

    /// Opens a scenario; on failure the tab keeps what it showed.
    fn open_scenario(&mut self, s: &MultiPaxosScenario) -> Result<(), String> {
        self.session = Session::open(s)?;
        self.preset = presets().iter().position(|p| p.name == s.title);
        self.selected = None;
        self.error = None;
        self.notice = None;
        Ok(())
    }

    /// Tells the page the run changed. It leaves a tour when it is no longer the run the page opened.
    fn report(&self, ctx: &Context<Self>, worth: Worth) {
        let scenario = self.session.scenario();
        let leaves_tour = !same_run(&scenario, &ctx.props().load.scenario);
        ctx.props().on_change.emit(Change {
            scenario,
            hash: self.session.history.digest().hex(),
            worth,
            leaves_tour,
        });
    }

    fn stop(&mut self) {
        self.player.stop();
    }

    /// Hands a stepping or autoplay message to the player; what it could not do is a notice.
    fn play(&mut self, ctx: &Context<Self>, play: Play) {
        let link = ctx.link().clone();
        if let Err(e) = self
            .player
            .handle(&mut self.session, play, || link.callback(|_| Msg::Tick))
        {
            self.notice = Some(e);
        }
    }

    fn act(&mut self, a: Action) {
        match self.session.act(a) {
            Ok(()) => {
                self.notice = None;
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
    }
}

impl Component for MultiPaxosTab {
    type Message = Msg;
    type Properties = Props;

    fn create(ctx: &Context<Self>) -> Self {
        let load = &ctx.props().load;
        let (session, error) = match Session::open(&load.scenario) {
            Ok(s) => (s, None),
            Err(e) => {
                let mut s = Session::blank(lecture_world());
                s.title = "Multi-Paxos".into();
                (s, Some(e))
            }
        };
        let mut tab = MultiPaxosTab {
            preset: presets().iter().position(|p| p.name == load.scenario.title),
            generation: load.generation,
            session,
            selected: None,
            dish: "Pizza".into(),
            player: Player::default(),
            notice: None,
            error,
            scroller: NodeRef::default(),
            centred: false,
            view: View::Chamber,
            lab: Door::default(),
            delay_by: 20,
        };
        if tab.error.is_some() {
            tab.preset = None;
        }
        ctx.props().keys.connect(ctx.link().callback(Msg::Key));
        tab.report(ctx, Worth::Nothing);
        tab
    }

    fn changed(&mut self, ctx: &Context<Self>, old: &Props) -> bool {
        let load = &ctx.props().load;
        if ctx.props().keys != old.keys {
            ctx.props().keys.connect(ctx.link().callback(Msg::Key));
        }
        if load.generation != self.generation {
            self.generation = load.generation;
            self.stop();
            // What the page opens (a tour's step, a link, a file, the lab's counterexample) is shown
            // on the chamber.
            self.view = View::Chamber;
            self.lab.close();
            if let Err(e) = self.open_scenario(&load.scenario) {
                self.error = Some(format!("Could not open it: {e}"));
            }
            self.report(ctx, Worth::Nothing);
        }
        if !ctx.props().active {
            self.stop();
        }
        true
    }

    fn rendered(&mut self, _ctx: &Context<Self>, _first_render: bool) {
        // On a phone the chamber is wider than the screen: show its middle the first time it is drawn.
        if let Some(el) = self.scroller.cast::<web_sys::Element>() {
            if !self.centred {
                self.centred = true;
                super::chamber::centre_scroll(&el);
            }
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        let props = ctx.props();
        if matches!(msg, Msg::Key(_)) && !props.active {
            return false;
        }
        let worth = worth(&msg);
        match msg {
            Msg::Preset(i) => {
                self.stop();
                self.open(i);
            }
            Msg::Step | Msg::Key(Command::Step) => self.play(ctx, Play::Step),
            Msg::Back | Msg::Key(Command::Back) => self.play(ctx, Play::Back),
            Msg::Seek(s) => self.play(ctx, Play::Seek(s)),
            // Home and End: the run's first and last step, as on the Synod tab (the help lists them).
            Msg::Key(Command::First) => self.play(ctx, Play::Seek(0)),
            Msg::Key(Command::Last) => {
                let last = self.session.history.len();
                self.play(ctx, Play::Seek(last));
            }
            Msg::Branch => {
                self.play(ctx, Play::Branch);
                self.selected = None;
            }
            Msg::Play | Msg::Key(Command::PlayPause) => self.play(ctx, Play::Toggle),
            Msg::Speed(i) => self.play(ctx, Play::Speed(i)),
            Msg::Tick => self.play(ctx, Play::Tick),
            Msg::Key(Command::Escape) => {
                // Esc closes what is open: the selection, else the lab, else the page's.
                if self.selected.take().is_none() {
                    if !self.lab.open {
                        props.on_escape.emit(());
                        return false;
                    }
                    self.lab.close();
                }
            }
            // From the lab, V goes back to the view behind it.
            Msg::Key(Command::View) if self.lab.open => self.lab.close(),
            // V: the other view of the stage (chamber, space-time diagram), as on the other tabs.
            Msg::Key(Command::View) => {
                self.view = match self.view {
                    View::Chamber => View::Diagram,
                    View::Diagram => View::Chamber,
                }
            }
            // Presenting, help and tabs are the page's.
            Msg::Key(_) => return false,
            Msg::Select(t) => self.selected = Some(t),
            Msg::Close => self.selected = None,
            Msg::Act(a) => {
                self.stop();
                self.act(a);
            }
            Msg::Dish(d) => self.dish = d,
            Msg::View(v) => {
                self.view = v;
                self.lab.close();
            }
            Msg::Lab => self.lab.toggle(),
            Msg::DelayBy(t) => self.delay_by = t,
            Msg::Export => {
                let h = &self.session.history;
                let text = diagram::svg(h.current(), &h.outcomes()[..h.cursor()], h.cursor());
                if let Err(e) = browser::download(
                    "lunch-parliament-multipaxos-diagram.svg",
                    "image/svg+xml",
                    &text,
                ) {
                    self.error = Some(format!("Could not export: {e}"));
                    return true;
                }
                return false;
            }
        }
        if worth != Worth::Nothing {
            self.report(ctx, worth);
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        // Hidden, the tab keeps its run but draws nothing (no second set of controls in the page).
        if !ctx.props().active {
            return html! {};
        }
        let link = ctx.link();
        let h = &self.session.history;
        let w = h.current();
        let on_preset = link.callback(|e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            Msg::Preset(s.value().parse().unwrap_or(0))
        });
        let summary = self
            .preset
            .and_then(|i| presets().get(i))
            .map(|p| p.summary)
            .unwrap_or_default();
        let window = if ctx.props().compact {
            PRESENTING_WINDOW
        } else {
            WINDOW
        };
        // In a run of a broken variant, the step that breaks a property is marked in the transcript with
        // the sentence that says which rule's absence allowed it.
        let breaks = breaking_step(h);
        let mut lines = said(self.session.recent_lines(window), role);
        mark(&mut lines, breaks.as_ref());
        let lab = self.lab;
        html! {
            <div class="corfu-tab mp-tab">
                <section class="controls" aria-label="Multi-Paxos controls">
                    <div class="setup">
                        <label class="preset-picker"><span>{ "Preset" }</span>
                            <select id="mp-preset" aria-label="Multi-Paxos preset" onchange={on_preset}>
                                <option value="loaded" selected={self.preset.is_none()} disabled=true>{ "— opened scenario —" }</option>
                                { for presets().iter().enumerate().map(|(i, p)| html! {
                                    <option value={i.to_string()} selected={self.preset == Some(i)}>{ p.name }</option>
                                }) }
                            </select>
                        </label>
                        <p class="summary">{ summary }</p>
                    </div>
                    <Controls cursor={h.cursor()} len={h.len()} can_step={self.session.can_step()} playing={self.player.playing}
                        speed={self.player.speed} on_step={link.callback(|_| Msg::Step)} on_back={link.callback(|_| Msg::Back)}
                        on_play={link.callback(|_| Msg::Play)} on_speed={link.callback(Msg::Speed)} on_seek={link.callback(Msg::Seek)} />
                    if let Some(e) = &self.error {
                        <p class="error" role="alert" id="mp-error">{ e }</p>
                    }
                    if let Some(n) = &self.notice {
                        <p class="notice" role="status">{ n }</p>
                    }
                    { breaks_at(breaks.as_ref(), h.cursor()) }
                    if let Some(offer) = self.session.offer() {
                        <p class="notice branch" role="status" id="mp-branch-notice">
                            { format!("{} — ", offer.words().0) }
                            <button id="mp-branch-undo" onclick={link.callback(|_| Msg::Branch)}>{ offer.words().1 }</button>
                        </p>
                    }
                </section>
                <main class={classes!("board", lab.open.then_some("lab-open"))}>
                    <div class="stage">
                        { week::week(w) }
                        <div class="tabs" role="group" aria-label="View">
                            { for View::ALL.iter().map(|&v| {
                                let pressed = !lab.open && self.view == v;
                                html! {
                                    <button class={classes!("tab", pressed.then_some("active"))} aria-pressed={pressed.to_string()}
                                        onclick={link.callback(move |_| Msg::View(v))}>{ v.label() }</button>
                                }
                            }) }
                            { lab_button(lab, "Remove a rule of Multi-Paxos and search every interleaving for a way to break it", link.callback(|_| Msg::Lab)) }
                            if self.view == View::Diagram && !lab.open {
                                <button id="mp-export" class="act" onclick={link.callback(|_| Msg::Export)}>{ "Export SVG" }</button>
                            }
                        </div>
                        if !lab.open {
                        { match self.view {
                            View::Chamber => chamber::chamber(w, self.selected, &self.scroller, link, ctx.props().compact),
                            View::Diagram => html! {
                                <SpaceTime svg={AttrValue::from(diagram::svg(w, &h.outcomes()[..h.cursor()], h.cursor()))}
                                    on_jump={link.callback(Msg::Seek)} />
                            },
                        } }
                        }
                        { lab_host(lab, html! { <MultiPaxosLab on_open={ctx.props().on_counterexample.clone()} /> }) }
                        { self.inspector(ctx, w) }
                    </div>
                    <div class="side">
                        <Transcript lines={lines} cursor={h.cursor()} on_jump={link.callback(Msg::Seek)}
                            empty="Nothing has happened yet. Press Step, or click a client to order lunch." />
                        { week::costs(&metrics(w), &phases(w, &h.outcomes()[..h.cursor()])) }
                        { safety(w) }
                    </div>
                </main>
            </div>
        }
    }
}

impl MultiPaxosTab {
    fn inspector(&self, ctx: &Context<Self>, w: &World) -> Html {
        let link = ctx.link();
        let act = |label: &str, id: &str, a: Action| {
            let a2 = a.clone();
            html! { <button class="act" id={id.to_string()} onclick={link.callback(move |_| Msg::Act(a2.clone()))}>{ label.to_string() }</button> }
        };
        let body = match self.selected {
            None => {
                html! { <p class="hint">{ "Click a client, a canteen, a leader, an acceptor or a messenger — or Tab to it and press Enter." }</p> }
            }
            Some(Target::Messenger(id)) => inspector::messenger_panel(
                w,
                id,
                self.delay_by,
                |m| m.label(),
                |a| link.callback(move |()| Msg::Act(a.clone())),
                link.callback(move |by| Msg::Act(Action::Delay { id, by })),
                link.callback(Msg::DelayBy),
            ),
            Some(Target::Node(n)) => {
                let crash = if w.is_crashed(n) {
                    act("↺ Recover", "recover", Action::Recover(n))
                } else {
                    act("✖ Crash", "crash", Action::Crash(n))
                };
                let own = match n {
                    NodeId::Client(_) => {
                        let on_dish = link.callback(|e: InputEvent| {
                            let i: web_sys::HtmlInputElement = e.target_unchecked_into();
                            Msg::Dish(i.value())
                        });
                        let order = Action::Order {
                            client: n,
                            dish: self.dish.clone(),
                        };
                        // Said before the click too, so the reason is there while typing.
                        let why = w.check(&order).err().map(|e| e.to_string());
                        let on_submit = {
                            let order = order.clone();
                            link.callback(move |e: SubmitEvent| {
                                e.prevent_default();
                                Msg::Act(order.clone())
                            })
                        };
                        html! {
                            <form class="form-row" onsubmit={on_submit}>
                                <label>{ "Dish " }<input id="mp-dish" class="value-input" type="text" maxlength="60" value={self.dish.clone()} oninput={on_dish} aria-label="Dish to order" /></label>
                                <button class="act" id="order" type="submit">{ format!("Order as {n}") }</button>
                                if let Some(why) = why {
                                    <span class="hint refusal" id="order-refusal">{ format!("Cannot order now: {why}.") }</span>
                                }
                            </form>
                        }
                    }
                    NodeId::Leader(_) => {
                        let next = w.leaders.get(n.index()).map_or(1, |l| l.next_round());
                        let auto = w.state.auto;
                        html! {
                            <div class="form-row">
                                { act(&format!("Start ballot ({next}, {n})"), "start-ballot", Action::StartBallot { leader: n, round: None }) }
                                { act(if auto.on { "Leaders by hand" } else { "Leaders act by themselves" }, "auto",
                                    Action::Auto { on: !auto.on, backoff: auto.backoff }) }
                                { act(if auto.backoff { "Backoff off" } else { "Backoff on" }, "backoff",
                                    Action::Auto { on: auto.on, backoff: !auto.backoff }) }
                            </div>
                        }
                    }
                    NodeId::Replica(_) | NodeId::Acceptor(_) => html! {},
                };
                html! {
                    <>
                        <p class="what">{ describe(w, n) }</p>
                        <div class="actions">{ crash }</div>
                        { own }
                    </>
                }
            }
        };
        html! {
            <Panel selected={self.selected.is_some()} on_close={link.callback(|()| Msg::Close)}>{ body }</Panel>
        }
    }
}

/// The named properties, each holding or BROKEN with the reason.
fn safety(w: &World) -> Html {
    let properties = w.properties();
    let holding = properties.iter().filter(|(_, b)| b.is_none()).count();
    html! {
        <section class="panel safety" aria-label="Safety">
            <h2>{ "Multi-Paxos's properties" }</h2>
            // While presenting, the properties that hold are counted in one line (each broken one is
            // still listed with why).
            <p class="holding">{ format!("✔ {holding} of {} hold", properties.len()) }</p>
            <ul class="checks">
                { for properties.into_iter().map(|(inv, broken)| {
                    let ok = broken.is_none();
                    html! {
                        <li class={classes!("check", if ok { "holds" } else { "broken" })} data-invariant={inv.name()}>
                            <span class="mark" aria-hidden="true">{ if ok { "✔" } else { "✘" } }</span>
                            <strong>{ inv.title() }</strong>
                            <span class="state">{ if ok { " holds" } else { " BROKEN" } }</span>
                            if let Some(why) = broken {
                                <span class="why">{ format!(": {why}") }</span>
                            }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
