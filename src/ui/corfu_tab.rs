//! The CORFU tab: the shared log as a strip of positions × replicas, the sequencer, storage units and
//! clients with messengers walking between them, the same stepping, timeline, keys and transcript as
//! the Synod tab, and CORFU's invariants. Every change is a `corfu::Action`. The stage shows the
//! cluster or the kit's space-time diagram; the messenger inspector is the kit's too.

use super::browser;
use super::controls::Controls;
use super::diagram::{self, SpaceTime};
use super::inspector::{self, Panel};
use super::keeper::Worth;
use super::keys::Command;
use super::lab::corfu::{breaking_step, CorfuLab};
use super::lab::{breaks_at, lab_button, lab_host, mark, Door};
use super::layout::{self, px, Point};
use super::player::{Play, Player};
use super::session::Session;
use super::tab::{Change, KeyChannel, Load};
use super::transcript::{said, Transcript, PRESENTING_WINDOW, WINDOW};
use lunch_parliament::corfu::client::Task;
use lunch_parliament::corfu::presets::{presets, CorfuScenario};
use lunch_parliament::corfu::unit::Slot;
use lunch_parliament::corfu::world::PositionState;
use lunch_parliament::corfu::{Action, Corfu, NodeId, Page, World};
use lunch_parliament::sim::MessengerId;
use std::rc::Rc;
use yew::prelude::*;

/// What the stage shows below the log strip: the cluster (the default) or the space-time diagram.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Cluster,
    Diagram,
}

impl View {
    const ALL: [View; 2] = [View::Cluster, View::Diagram];

    fn label(self) -> &'static str {
        match self {
            View::Cluster => "Cluster",
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
    Value(String),
    Position(String),
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
    pub load: Rc<Load<CorfuScenario>>,
    /// The keys the page routes to this tab.
    pub keys: KeyChannel,
    /// Every change of the run or the cursor, as the scenario file that reproduces it.
    pub on_change: Callback<Change<CorfuScenario>>,
    /// Esc with nothing selected here: the page may close something of its own.
    pub on_escape: Callback<()>,
    /// The break-it lab's *Play it*: the page opens this run (with Undo, like a shared link).
    pub on_counterexample: Callback<CorfuScenario>,
}

pub struct CorfuTab {
    preset: Option<usize>,
    generation: u64,
    /// The run, its history and the offer to undo a replaced future: the kit's session.
    session: Session<Corfu>,
    selected: Option<Target>,
    value: String,
    position: String,
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

const WIDTH: f64 = 1000.0;
const HEIGHT: f64 = 420.0;

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
        | Msg::Value(_)
        | Msg::Position(_)
        | Msg::Speed(_)
        | Msg::View(_)
        | Msg::Export
        | Msg::DelayBy(_)
        | Msg::Lab
        | Msg::Key(_) => Worth::Nothing,
    }
}

/// Whether two CORFU scenarios show the same run at the same step (a step at the end may be left out).
fn same_run(a: &CorfuScenario, b: &CorfuScenario) -> bool {
    a.config == b.config
        && a.actions == b.actions
        && a.step.unwrap_or(a.actions.len()) == b.step.unwrap_or(b.actions.len())
}

fn place(w: &World, n: NodeId) -> Point {
    let spread = |i: usize, k: usize, y: f64| Point {
        x: if k > 1 {
            90.0 + i as f64 * (WIDTH - 180.0) / (k - 1) as f64
        } else {
            WIDTH / 2.0
        },
        y,
    };
    match n {
        NodeId::Sequencer => Point {
            x: WIDTH / 2.0,
            y: 52.0,
        },
        NodeId::Unit(_) => spread(n.index(), w.units.len(), 205.0),
        NodeId::Client(_) => spread(n.index(), w.clients.len(), 360.0),
    }
}

fn page_text(p: &Page) -> String {
    match p {
        Page::Data { client, value } => format!("“{value}” · {client}"),
        Page::Junk => "junk".to_string(),
    }
}

fn describe(w: &World, n: NodeId) -> String {
    let state = if w.is_crashed(n) { ", crashed" } else { "" };
    match n {
        NodeId::Sequencer => format!(
            "Sequencer{state}, epoch {}, next position {}",
            w.sequencer.epoch,
            w.sequencer
                .tail
                .map_or("unknown (must be rebuilt)".to_string(), |t| t.to_string())
        ),
        NodeId::Unit(_) => {
            let u = &w.units[n.index()];
            let role = if w.projection().units().contains(&n) {
                "in the projection"
            } else {
                "spare"
            };
            format!(
                "Storage unit {n}{state}, {role}, sealed below epoch {}, {} pages",
                u.epoch,
                u.pages.len()
            )
        }
        NodeId::Client(_) => {
            let c = &w.clients[n.index()];
            let doing = match &c.task {
                Task::Idle => "idle".to_string(),
                Task::AwaitToken { value } => format!("waiting for a position for “{value}”"),
                Task::Writing {
                    position,
                    replica,
                    fill: false,
                    ..
                } => format!("writing position {position}, replica {}", replica + 1),
                Task::Writing { position, .. } => format!("filling position {position}"),
                Task::Reading { position } => format!("reading position {position}"),
                Task::Waiting { position, until } => {
                    format!("waiting on position {position} until time {until}")
                }
                Task::FillReadHead { position } => {
                    format!("filling position {position}: reading the head")
                }
                Task::Sealing { epoch, .. } => format!("sealing for epoch {epoch}"),
            };
            format!("Client {n}{state}, epoch {}, {doing}", c.epoch)
        }
    }
}

impl CorfuTab {
    fn open(&mut self, i: usize) {
        let Some(p) = presets().get(i) else { return };
        if let Err(e) = p.scenario().and_then(|s| self.open_scenario(&s)) {
            self.error = Some(format!("Could not open “{}”: {e}", p.name));
        }
    }

    /// Opens a scenario; on failure the tab keeps what it showed.
    fn open_scenario(&mut self, s: &CorfuScenario) -> Result<(), String> {
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

impl Component for CorfuTab {
    type Message = Msg;
    type Properties = Props;

    fn create(ctx: &Context<Self>) -> Self {
        let world = World::lecture_default();
        let load = &ctx.props().load;
        let mut tab = CorfuTab {
            preset: None,
            generation: load.generation,
            session: Session::blank(world),
            selected: None,
            value: "pho".into(),
            position: "1".into(),
            player: Player::default(),
            notice: None,
            error: None,
            scroller: NodeRef::default(),
            centred: false,
            view: View::Cluster,
            lab: Door::default(),
            delay_by: 20,
        };
        if let Err(e) = tab.open_scenario(&load.scenario) {
            tab.error = Some(e);
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
            // on the cluster, which the tours' captions talk about.
            self.view = View::Cluster;
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
        // On a phone the cluster is wider than the screen: show its middle the first time it is drawn.
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
            // V: the other view of the stage (cluster, space-time diagram), as on the Synod tab.
            Msg::Key(Command::View) => {
                self.view = match self.view {
                    View::Cluster => View::Diagram,
                    View::Diagram => View::Cluster,
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
            Msg::Value(v) => self.value = v,
            Msg::Position(p) => self.position = p,
            Msg::View(v) => {
                self.view = v;
                self.lab.close();
            }
            Msg::Lab => self.lab.toggle(),
            Msg::DelayBy(t) => self.delay_by = t,
            Msg::Export => {
                let h = &self.session.history;
                let text = diagram::corfu_svg(h.current(), &h.outcomes()[..h.cursor()], h.cursor());
                if let Err(e) =
                    browser::download("lunch-parliament-corfu-diagram.svg", "image/svg+xml", &text)
                {
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
        let mut lines = said(self.session.recent_lines(window), |_| "narrator");
        mark(&mut lines, breaks.as_ref());
        let lab = self.lab;
        html! {
            <div class="corfu-tab">
                <section class="controls" aria-label="CORFU controls">
                    <div class="setup">
                        <label class="preset-picker"><span>{ "Preset" }</span>
                            <select id="corfu-preset" aria-label="CORFU preset" onchange={on_preset}>
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
                        <p class="error" role="alert">{ e }</p>
                    }
                    if let Some(n) = &self.notice {
                        <p class="notice" role="status">{ n }</p>
                    }
                    { breaks_at(breaks.as_ref(), h.cursor()) }
                    if let Some(offer) = self.session.offer() {
                        <p class="notice branch" role="status" id="corfu-branch-notice">
                            { format!("{} — ", offer.words().0) }
                            <button id="corfu-branch-undo" onclick={link.callback(|_| Msg::Branch)}>{ offer.words().1 }</button>
                        </p>
                    }
                </section>
                <main class={classes!("board", lab.open.then_some("lab-open"))}>
                    <div class="stage">
                        { self.log_strip(w) }
                        <div class="tabs" role="group" aria-label="View">
                            { for View::ALL.iter().map(|&v| {
                                let pressed = !lab.open && self.view == v;
                                html! {
                                    <button class={classes!("tab", pressed.then_some("active"))} aria-pressed={pressed.to_string()}
                                        onclick={link.callback(move |_| Msg::View(v))}>{ v.label() }</button>
                                }
                            }) }
                            { lab_button(lab, "Remove a rule of CORFU and search every interleaving for a way to break it", link.callback(|_| Msg::Lab)) }
                            if self.view == View::Diagram && !lab.open {
                                <button id="corfu-export" class="act" onclick={link.callback(|_| Msg::Export)}>{ "Export SVG" }</button>
                            }
                        </div>
                        if !lab.open {
                        { match self.view {
                            View::Cluster => self.cluster(ctx, w),
                            View::Diagram => html! {
                                <SpaceTime svg={AttrValue::from(diagram::corfu_svg(w, &h.outcomes()[..h.cursor()], h.cursor()))}
                                    on_jump={link.callback(Msg::Seek)} />
                            },
                        } }
                        }
                        { lab_host(lab, html! { <CorfuLab on_open={ctx.props().on_counterexample.clone()} /> }) }
                        { self.inspector(ctx, w) }
                    </div>
                    <div class="side">
                        <Transcript lines={lines} cursor={h.cursor()} on_jump={link.callback(Msg::Seek)}
                            empty="Nothing has happened yet. Press Step, or click a client to append or read." />
                        { self.safety(w) }
                    </div>
                </main>
            </div>
        }
    }
}

impl CorfuTab {
    fn log_strip(&self, w: &World) -> Html {
        let written = w
            .units
            .iter()
            .flat_map(|u| u.pages.keys().copied())
            .max()
            .map_or(0, |p| p + 1);
        let width = written.max(w.sequencer.tail.unwrap_or(0) + 1).clamp(4, 40);
        let replicas = w
            .projection()
            .chains
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(1);
        // Where each position stands (a fact of the run, computed by the core).
        let states: Vec<PositionState> = (0..width).map(|p| w.position_state(p)).collect();
        let tokens: Vec<(u64, NodeId)> = w
            .clients
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match c.task {
                Task::Writing {
                    position,
                    fill: false,
                    ..
                } => Some((position, NodeId::client(i))),
                _ => None,
            })
            .collect();
        html! {
            <section class="panel log" aria-label="The shared log">
                <h2>{ format!("The shared log · epoch {}", w.projection().epoch) }</h2>
                // Wider than its box on a small screen: it scrolls sideways, by keyboard too.
                <div class="log-scroll" tabindex="0" role="region" aria-label="Log positions (scrolls sideways)">
                <table class="log-strip">
                    <thead>
                        <tr>
                            <th scope="col">{ "position" }</th>
                            { for (0..width).map(|p| {
                                let tail = w.sequencer.tail == Some(p);
                                let hole = states.get(p as usize) == Some(&PositionState::Hole);
                                let holders: Vec<String> = tokens.iter().filter(|t| t.0 == p).map(|t| t.1.to_string()).collect();
                                html! {
                                    <th scope="col" class={classes!(tail.then_some("tail"))}>
                                        <span class="pos">{ p }</span>
                                        if tail { <span class="marker">{ "▼ next" }</span> }
                                        if hole { <span class="marker hole">{ "hole" }</span> }
                                        { for holders.iter().map(|c| html! { <span class="marker token">{ format!("{c}'s token") }</span> }) }
                                    </th>
                                }
                            }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for (0..replicas).map(|r| html! {
                            <tr>
                                <th scope="row">{ if r == 0 { "head".to_string() } else if r + 1 == replicas { "tail".to_string() } else { format!("replica {}", r + 1) } }</th>
                                { for (0..width).map(|p| {
                                    let unit = w.projection().chain(p).get(r).copied();
                                    let slot = unit.and_then(|u| w.units.get(u.index())).and_then(|u| u.pages.get(&p));
                                    let (state, text) = match (slot, states.get(p as usize)) {
                                        (None, Some(PositionState::Hole)) => ("hole", "hole".to_string()),
                                        (None, Some(PositionState::Free) | None) => ("free", "·".to_string()),
                                        (None, _) => ("unwritten", "—".to_string()),
                                        (Some(Slot::Trimmed), _) => ("trimmed", "trimmed".to_string()),
                                        (Some(Slot::Written(Page::Junk)), _) => ("junk", "junk".to_string()),
                                        (Some(Slot::Written(page)), _) => ("data", page_text(page)),
                                    };
                                    let u = unit.map(|u| u.to_string()).unwrap_or_default();
                                    html! {
                                        <td class={classes!("cell", state)} data-position={p.to_string()} data-unit={u.clone()} data-state={state}>
                                            <span class="unit">{ u }</span>
                                            <span class="content">{ text }</span>
                                        </td>
                                    }
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
                </div>
                <p class="log-legend">
                    <span class="key free">{ "·" }</span>{ " nobody given it yet " }
                    <span class="key unwritten">{ "—" }</span>{ " given out, not written yet " }
                    <span class="key hole">{ "hole" }</span>{ " given out, its writer gone: nobody will write it " }
                    <span class="key junk">{ "junk" }</span>{ " a filled hole" }
                </p>
            </section>
        }
    }

    fn cluster(&self, ctx: &Context<Self>, w: &World) -> Html {
        let link = ctx.link();
        let node = |n: NodeId| {
            let p = place(w, n);
            let crashed = w.is_crashed(n);
            let spare = matches!(n, NodeId::Unit(_)) && !w.projection().units().contains(&n);
            let selected = self.selected == Some(Target::Node(n));
            let onclick = link.callback(move |_| Msg::Select(Target::Node(n)));
            let onkeydown = link.batch_callback(move |e: KeyboardEvent| {
                (e.key() == "Enter" || e.key() == " ").then(|| {
                    e.prevent_default();
                    e.stop_propagation();
                    Msg::Select(Target::Node(n))
                })
            });
            let sub = match n {
                NodeId::Sequencer => w
                    .sequencer
                    .tail
                    .map_or("tail lost".into(), |t| format!("next {t}")),
                NodeId::Unit(_) => {
                    let pages = w.units[n.index()].pages.len();
                    let pages = if pages == 1 {
                        "1 page".to_string()
                    } else {
                        format!("{pages} pages")
                    };
                    if spare {
                        format!("spare · {pages}")
                    } else {
                        pages
                    }
                }
                NodeId::Client(_) => match &w.clients[n.index()].task {
                    Task::Idle => "idle".into(),
                    Task::Waiting { position, until } => {
                        format!("waits on {position} till {until}")
                    }
                    Task::Writing { position, .. } => format!("writing {position}"),
                    _ => "busy".into(),
                },
            };
            html! {
                <g class={classes!("node", "cnode", crashed.then_some("crashed"), spare.then_some("spare"), selected.then_some("selected"))}
                    role="button" tabindex="0" aria-description={describe(w, n)} data-node={n.to_string()}
                    transform={format!("translate({} {})", px(p.x), px(p.y))} {onclick} {onkeydown}>
                    <rect class="halo" x="-78" y="-44" width="156" height="88" rx="16" />
                    <rect class="box" x="-68" y="-34" width="136" height="68" rx="12" />
                    <text class="name" y="-4">{ n.to_string() }</text>
                    <text class="fact" y="20">{ sub }</text>
                    if crashed { <text class="tag crashed-tag" y="-48">{ "✖ crashed" }</text> }
                </g>
            }
        };
        let messengers = w.network.in_flight().iter().map(|m| {
            let (a, b) = (place(w, m.from), place(w, m.to));
            let t = layout::progress(w.now, m.sent_at, m.due_at);
            let voyage = m.due_at.saturating_sub(w.now) > 3 * w.config.latency.max;
            let p = layout::along(a, b, if voyage { 0.5 } else { t }, if matches!(m.to, NodeId::Client(_)) { -14.0 } else { 14.0 });
            let id = m.id;
            let selected = self.selected == Some(Target::Messenger(id));
            let label = m.payload.label();
            let width = label.chars().count() as f64 * 8.6 + 26.0;
            let onclick = link.callback(move |_| Msg::Select(Target::Messenger(id)));
            let onkeydown = link.batch_callback(move |e: KeyboardEvent| {
                (e.key() == "Enter" || e.key() == " ").then(|| {
                    e.prevent_default();
                    Msg::Select(Target::Messenger(id))
                })
            });
            let aria = format!("Messenger {id}, {label}, from {} to {}, due at time {}", m.from, m.to, m.due_at);
            html! {
                <g key={id.0.to_string()} class={classes!("messenger", voyage.then_some("voyage"), selected.then_some("selected"), m.copy_of.map(|_| "copy"))}
                    role="button" tabindex="0" aria-label={aria} data-messenger={id.0.to_string()}
                    transform={format!("translate({} {})", px(p.x), px(p.y))} {onclick} {onkeydown}>
                    <rect class="chip" x={px(-width / 2.0)} y="-17" width={px(width)} height="34" rx="17" />
                    <text class="label" y="5">{ label }</text>
                    if voyage { <text class="voyage-note" y="36">{ format!("on a voyage · due at time {}", m.due_at) }</text> }
                </g>
            }
        });
        html! {
            <div class="chamber-scroll" ref={self.scroller.clone()}>
            <svg class="chamber-svg corfu-svg" viewBox={format!("0 0 {} {}", px(WIDTH), px(HEIGHT))} role="group" aria-label="The cluster">
                <defs>
                    <pattern id="hatch-c" width="10" height="10" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                        <rect width="10" height="10" fill="#efe7db" />
                        <line x1="0" y1="0" x2="0" y2="10" stroke="#b9ab97" stroke-width="4" />
                    </pattern>
                </defs>
                { for w.nodes().into_iter().map(node) }
                <g class="messengers">{ for messengers }</g>
            </svg>
            </div>
        }
    }

    fn inspector(&self, ctx: &Context<Self>, w: &World) -> Html {
        let link = ctx.link();
        let act = |label: &str, id: &str, a: Action| {
            let a2 = a.clone();
            let ok = w.check(&a).is_ok();
            html! { <button class="act" id={id.to_string()} disabled={!ok} onclick={link.callback(move |_| Msg::Act(a2.clone()))}>{ label.to_string() }</button> }
        };
        let position = self.position.trim().parse::<u64>().ok();
        let body = match self.selected {
            None => {
                html! { <p class="hint">{ "Click a client, a storage unit, the sequencer or a messenger — or Tab to it and press Enter." }</p> }
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
                let client_actions = if let NodeId::Client(_) = n {
                    let on_value = link.callback(|e: InputEvent| {
                        let i: web_sys::HtmlInputElement = e.target_unchecked_into();
                        Msg::Value(i.value())
                    });
                    let on_position = link.callback(|e: InputEvent| {
                        let i: web_sys::HtmlInputElement = e.target_unchecked_into();
                        Msg::Position(i.value())
                    });
                    let current = w.projection().units();
                    let old = current.iter().copied().find(|u| w.is_crashed(*u));
                    let spare = (0..w.units.len())
                        .map(NodeId::unit)
                        .find(|u| !current.contains(u) && !w.is_crashed(*u));
                    html! {
                        <div class="form-row">
                            <label>{ "Entry " }<input class="value-input" type="text" maxlength="40" value={self.value.clone()} oninput={on_value} aria-label="Entry to append" /></label>
                            { act("Append", "append", Action::Append { client: n, value: self.value.clone() }) }
                            <label>{ "Position " }<input class="position-input" type="text" inputmode="numeric" value={self.position.clone()} oninput={on_position} aria-label="Position" /></label>
                            if let Some(p) = position {
                                { act("Read", "read", Action::Read { client: n, position: p }) }
                                { act("Fill", "fill", Action::Fill { client: n, position: p }) }
                                { act(&format!("Trim below {p}"), "trim", Action::Trim { upto: p }) }
                            }
                            { act(&match (old, spare) {
                                (Some(o), Some(s)) => format!("Reconfigure: {o} → {s}"),
                                _ => "Seal and reconfigure".to_string(),
                            }, "reconfigure", Action::Reconfigure { client: n, replace: old.zip(spare) }) }
                        </div>
                    }
                } else {
                    html! {}
                };
                html! {
                    <>
                        <p class="what">{ describe(w, n) }</p>
                        <div class="actions">{ crash }</div>
                        { client_actions }
                    </>
                }
            }
        };
        html! {
            <Panel selected={self.selected.is_some()} on_close={link.callback(|()| Msg::Close)}>{ body }</Panel>
        }
    }

    fn safety(&self, w: &World) -> Html {
        html! {
            <section class="panel safety" aria-label="Safety">
                <h2>{ "CORFU's invariants" }</h2>
                <ul class="checks">
                    { for w.properties().into_iter().map(|(inv, broken)| {
                        let ok = broken.is_none();
                        html! {
                            <li class={classes!("check", if ok { "holds" } else { "broken" })} data-invariant={inv.name()}>
                                <span class="mark" aria-hidden="true">{ if ok { "✔" } else { "✘" } }</span>
                                <strong>{ inv.title() }</strong>
                                <span class="state">{ if ok { " holds" } else { " BROKEN" } }</span>
                            </li>
                        }
                    }) }
                </ul>
                <p class="hint">{ format!("Epoch {} · chains {}", w.projection().epoch, w.projection().chains.iter().map(|c| format!("[{}]", c.iter().map(|u| u.to_string()).collect::<Vec<_>>().join(" "))).collect::<Vec<_>>().join(" ")) }</p>
            </section>
        }
    }
}
