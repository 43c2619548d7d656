//! The break-it lab: remove a rule of the protocol (or pick a scope), press Search, and the exhaustive
//! checker (`sim::check`) looks at every interleaving in that scope — a slice at a time between frames,
//! so the page keeps painting, with a progress bar and a Cancel that drops the search. It ends with
//! "No way to break it in N states" or "Broken in N steps", whose *Play it* opens the counterexample as
//! an ordinary run of the tab (shareable like any run).
//!
//! [`Lab`] is written once for every protocol that implements [`Checkable`]: search, progress, cancel,
//! result and Play. Each protocol supplies its scope pickers as children (`lab/synod.rs`,
//! `lab/corfu.rs`, `lab/multipaxos.rs`) and the rule its variant removes; the rest is here, once:
//! the pickers' building blocks ([`pick`], [`rule_pick`]), the counterexample as a scenario
//! ([`counterexample`]), the tab's side of it ([`Door`], [`lab_button`], [`lab_host`]) and the
//! sentence at the step of a run that breaks a property ([`breaking_step`], [`breaks_at`], [`mark`]).

use super::transcript::Said;
use js_sys::Reflect;
use lunch_parliament::scenario::ScenarioFile;
use lunch_parliament::sim::check::{Checkable, Counterexample, Limits, Progress, Search};
use lunch_parliament::sim::{History, Named, World};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

pub mod corfu;
pub mod multipaxos;
pub mod synod;

/// The most states a search explores before it stops and says so.
const MAX_STATES: usize = 2_000_000;
/// A search stops rather than grow the page's memory past this (every state it has yet to explore is
/// a whole world kept in memory; a wasm page's memory never shrinks).
const MAX_MEMORY: f64 = 1024.0 * 1024.0 * 1024.0;
/// The work done in one slice between frames, in milliseconds: about 30 frames a second still paint
/// while the search gets most of the time (with 12 ms slices the standard scope took 1.2–1.7 s in the
/// page, with 30 ms 0.9–1.1 s, measured by e2e/lab.test.mjs on the project's 2-core machine).
const SLICE_MS: f64 = 30.0;

/// A counterexample the lab found, as a run of the real world.
pub struct Found<P: Checkable> {
    pub scope: P::Scope,
    /// The actions a user could click, from the scope's config.
    pub actions: Vec<P::Action>,
    /// The run's first step that breaks a property (1-based), the property, and why.
    pub step: usize,
    pub invariant: P::Invariant,
    pub why: String,
}

impl<P: Checkable> Found<P> {
    /// Turns the checker's path into actions and replays them, to find the step that breaks a property
    /// in the real world (a path's delivery of a message twice is a duplicate, then two deliveries).
    fn new(scope: &P::Scope, cx: &Counterexample<P>) -> Result<Found<P>, String> {
        let actions = cx.actions(scope)?;
        let mut h = History::new(P::start(&P::scope_config(scope))?);
        for a in &actions {
            h.act(a.clone()).map_err(|e| e.to_string())?;
        }
        let (index, v) = h
            .outcomes()
            .iter()
            .enumerate()
            .find_map(|(i, s)| s.violations.first().map(|v| (i, v)))
            .ok_or("the run it found breaks nothing")?;
        Ok(Found {
            scope: scope.clone(),
            step: index + 1,
            invariant: v.invariant,
            why: v.why.clone(),
            actions,
        })
    }
}

/// How a search ended.
enum Outcome<P: Checkable> {
    /// Every state in the scope was explored and every property held in each.
    Held {
        states: usize,
        depth: usize,
    },
    /// The search stopped before it was complete (the reason), with nothing broken so far.
    Stopped {
        states: usize,
        why: &'static str,
    },
    Broken {
        found: Rc<Found<P>>,
        states: usize,
    },
    Cancelled {
        states: usize,
        depth: usize,
    },
    Failed(String),
}

pub enum Msg {
    Search,
    /// The next slice of the search.
    Slice,
    Cancel,
}

/// What the page's protocols need to be searched here: a scope the pickers can compare.
pub trait Searchable: Checkable<Scope: PartialEq> {}

impl<P: Checkable<Scope: PartialEq>> Searchable for P {}

#[derive(Properties)]
pub struct Props<P: Searchable> {
    /// The panel's heading ("Break it: remove a rule, search every interleaving").
    pub heading: AttrValue,
    /// What to search.
    pub scope: P::Scope,
    /// The scope in words, as the result says it ("3 acceptors, 2 leaders, …").
    pub scope_words: AttrValue,
    /// The protocol's pickers for the scope (disabled while a search runs).
    pub children: Html,
    /// *Play it*: open this counterexample as a run.
    pub on_play: Callback<Rc<Found<P>>>,
}

impl<P: Searchable> PartialEq for Props<P> {
    fn eq(&self, other: &Props<P>) -> bool {
        self.scope == other.scope
            && self.heading == other.heading
            && self.scope_words == other.scope_words
            && self.children == other.children
            && self.on_play == other.on_play
    }
}

/// How the search hands the page back between slices: a message to itself on a `MessageChannel`
/// (a task the browser runs after painting a frame that is due, with no timer's 4 ms clamp), or a
/// zero timeout where there is no channel.
enum Turn {
    Channel {
        /// The port that receives (its handler is the closure) and the one that posts.
        ports: (JsValue, JsValue),
        _on_message: Closure<dyn FnMut()>,
    },
    Timer(Option<gloo_timers::callback::Timeout>),
}

impl Turn {
    fn new(next: &Callback<()>) -> Turn {
        let channel = || -> Option<Turn> {
            let global = js_sys::global();
            let class: js_sys::Function = Reflect::get(&global, &"MessageChannel".into())
                .ok()?
                .dyn_into()
                .ok()?;
            let channel = Reflect::construct(&class, &js_sys::Array::new()).ok()?;
            let port1 = Reflect::get(&channel, &"port1".into()).ok()?;
            let port2 = Reflect::get(&channel, &"port2".into()).ok()?;
            let next = next.clone();
            let on_message = Closure::<dyn FnMut()>::new(move || next.emit(()));
            Reflect::set(&port1, &"onmessage".into(), on_message.as_ref()).ok()?;
            Some(Turn::Channel {
                ports: (port1, port2),
                _on_message: on_message,
            })
        };
        channel().unwrap_or(Turn::Timer(None))
    }

    /// The next slice (`next`), once the page has had its turn.
    fn pass(&mut self, next: &Callback<()>) {
        if let Turn::Channel { ports, .. } = self {
            let posted = Reflect::get(&ports.1, &"postMessage".into())
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                .map(|post| post.call1(&ports.1, &JsValue::from(0)));
            if matches!(posted, Some(Ok(_))) {
                return;
            }
            // The channel refused: a timer from now on.
            *self = Turn::Timer(None);
        }
        if let Turn::Timer(timer) = self {
            let next = next.clone();
            *timer = Some(gloo_timers::callback::Timeout::new(0, move || {
                next.emit(())
            }));
        }
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        // A message still on its way finds no handler (rather than a dropped closure).
        if let Turn::Channel { ports, .. } = self {
            let _ = Reflect::set(&ports.0, &"onmessage".into(), &JsValue::NULL);
            for port in [&ports.0, &ports.1] {
                if let Some(close) = Reflect::get(port, &"close".into())
                    .ok()
                    .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                {
                    let _ = close.call0(port);
                }
            }
        }
    }
}

/// A running search.
struct Running<P: Checkable> {
    search: Search<P>,
    scope: P::Scope,
    words: AttrValue,
    started: f64,
    /// States to explore in the next slice (adapted so a slice takes about [`SLICE_MS`]).
    budget: usize,
    memory_at_start: f64,
    progress: Progress,
    next: Callback<()>,
    turn: Turn,
}

pub struct Lab<P: Checkable> {
    running: Option<Running<P>>,
    /// The last search's result, its scope in words, and how long it took (s).
    outcome: Option<(Outcome<P>, AttrValue, f64)>,
    search_button: NodeRef,
    cancel_button: NodeRef,
    play_button: NodeRef,
    /// After this render, move the focus here (if it was on a button that changed).
    refocus: Option<NodeRef>,
    /// The result's box, and whether to scroll it into view after this render (a search just ended: in
    /// a short stage, as on a projector, it may be below the pickers' fold).
    outcome_box: NodeRef,
    reveal: bool,
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// The page's wasm memory, in bytes.
fn memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok()
        .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
        .map_or(0.0, |b| f64::from(b.byte_length()))
}

/// 12345 as "12,345".
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    let mut s = grouped(n);
    s.push(' ');
    s.push_str(if n == 1 { one } else { many });
    s
}

fn rate(states: usize, secs: f64) -> String {
    if secs < 0.05 {
        return String::new();
    }
    let mut s = grouped((states as f64 / secs) as usize);
    s.push_str(" states/s");
    s
}

/// Scrolls `r` into view only as far as it takes (`scrollIntoView({ block: "nearest" })`).
fn reveal(r: &NodeRef) {
    let Some(e) = r.cast::<web_sys::Element>() else {
        return;
    };
    let options = js_sys::Object::new();
    if Reflect::set(&options, &"block".into(), &"nearest".into()).is_err() {
        return;
    }
    if let Some(f) = Reflect::get(&e, &"scrollIntoView".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    {
        let _ = f.call1(&e, &options);
    }
}

fn focused(r: &NodeRef) -> bool {
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    match (active, r.cast::<web_sys::Element>()) {
        (Some(a), Some(e)) => a == e,
        _ => false,
    }
}

impl<P: Searchable> Lab<P> {
    fn start(&mut self, ctx: &Context<Self>) {
        let props = ctx.props();
        self.outcome = None;
        match Search::<P>::new(&props.scope, Limits::states(MAX_STATES)) {
            Ok(search) => {
                let next = ctx.link().callback(|()| Msg::Slice);
                self.running = Some(Running {
                    turn: Turn::new(&next),
                    next,
                    search,
                    scope: props.scope.clone(),
                    words: props.scope_words.clone(),
                    started: now_ms(),
                    budget: 8,
                    memory_at_start: memory_bytes(),
                    progress: Progress::default(),
                });
                self.schedule();
            }
            Err(e) => {
                let mut why = "This scope cannot be searched: ".to_string();
                why.push_str(&e);
                self.outcome = Some((Outcome::Failed(why), props.scope_words.clone(), 0.0));
                self.reveal = true;
            }
        }
    }

    fn schedule(&mut self) {
        if let Some(r) = &mut self.running {
            r.turn.pass(&r.next);
        }
    }

    /// Explores about [`SLICE_MS`] worth of states, then yields to the page.
    fn slice(&mut self) {
        let Some(r) = &mut self.running else { return };
        let t = now_ms();
        let over = r.search.run(r.budget).is_some();
        let took = now_ms() - t;
        r.progress = r.search.progress();
        // Aim the next slice at SLICE_MS, changing the budget at most fourfold at a time.
        let aim = if took < 0.5 {
            r.budget * 4
        } else {
            ((r.budget as f64) * SLICE_MS / took) as usize
        };
        r.budget = aim.clamp((r.budget / 4).max(1), r.budget * 4);
        let memory = memory_bytes();
        let too_big = memory > MAX_MEMORY && memory > r.memory_at_start;
        if !over && !too_big {
            self.schedule();
            return;
        }
        let Some(r) = self.running.take() else { return };
        let secs = (now_ms() - r.started) / 1000.0;
        let states = r.progress.states;
        let outcome = if !over {
            Outcome::Stopped {
                states,
                why: "a bigger search would take more than 1 GB of this page's memory",
            }
        } else {
            match r.search.finish() {
                None => Outcome::Failed("The search stopped without a report.".into()),
                Some(report) => match &report.violation {
                    Some(cx) => match Found::new(&r.scope, cx) {
                        Ok(found) => Outcome::Broken {
                            found: Rc::new(found),
                            states: report.states,
                        },
                        Err(e) => {
                            let mut why = "The search found a way to break it, but it could not be turned into a run: ".to_string();
                            why.push_str(&e);
                            Outcome::Failed(why)
                        }
                    },
                    None if report.incomplete => Outcome::Stopped {
                        states: report.states,
                        why: "that is as many states as the lab searches",
                    },
                    None => Outcome::Held {
                        states: report.states,
                        depth: report.depth,
                    },
                },
            }
        };
        self.outcome = Some((outcome, r.words, secs));
        self.reveal = true;
        self.refocus_after(false);
    }

    /// The focus was on Search (now disabled) or Cancel (now disabled): move it to what comes next.
    fn refocus_after(&mut self, starting: bool) {
        if starting {
            if focused(&self.search_button) {
                self.refocus = Some(self.cancel_button.clone());
            }
        } else if focused(&self.cancel_button) {
            let broken = matches!(self.outcome, Some((Outcome::Broken { .. }, ..)));
            self.refocus = Some(if broken {
                self.play_button.clone()
            } else {
                self.search_button.clone()
            });
        }
    }

    fn result(&self, ctx: &Context<Self>) -> Html {
        let Some((outcome, words, secs)) = &self.outcome else {
            return html! {};
        };
        let took = {
            let mut s = lunch_parliament::sim::words::decimals(*secs, 2);
            s.push_str(" s");
            let states = match outcome {
                Outcome::Held { states, .. }
                | Outcome::Stopped { states, .. }
                | Outcome::Broken { states, .. }
                | Outcome::Cancelled { states, .. } => *states,
                Outcome::Failed(_) => 0,
            };
            let r = rate(states, *secs);
            if !r.is_empty() {
                s.push_str(", ");
                s.push_str(&r);
            }
            s
        };
        match outcome {
            Outcome::Held { states, depth } => html! {
                <div class="lab-result held">
                    <p class="verdict">{ "No way to break it in " }<strong id="lab-states">{ plural(*states, "state", "states") }</strong>{ "." }</p>
                    <p class="figures">{ format!("Every state in the scope, up to {} from the start, was explored ({took}). Scope: {words}.", plural(*depth, "step", "steps")) }</p>
                </div>
            },
            Outcome::Stopped { states, why } => html! {
                <div class="lab-result stopped">
                    <p class="verdict">{ format!("Nothing broke in the first {}, but the search stopped there: {why}.", plural(*states, "state", "states")) }</p>
                    <p class="figures">{ format!("Not every state of the scope was explored ({took}), so this proves nothing. A smaller scope is searched to the end. Scope: {words}.") }</p>
                </div>
            },
            Outcome::Cancelled { states, depth } => html! {
                <div class="lab-result cancelled">
                    <p class="verdict">{ format!("Search cancelled after {}, {} deep: it found nothing yet, and proves nothing.", plural(*states, "state", "states"), plural(*depth, "step", "steps")) }</p>
                    <p class="figures">{ format!("Scope: {words}.") }</p>
                </div>
            },
            Outcome::Failed(why) => html! {
                <div class="lab-result failed">
                    <p class="error">{ why.clone() }</p>
                </div>
            },
            Outcome::Broken { found, states } => {
                let play = {
                    let found = found.clone();
                    ctx.props().on_play.reform(move |_| found.clone())
                };
                html! {
                    <div class="lab-result broken">
                        <p class="verdict">{ "Broken in " }<strong id="lab-steps">{ plural(found.step, "step", "steps") }</strong>{ " — " }
                            <button id="lab-play" class="primary" ref={self.play_button.clone()} onclick={play}>{ "Play it ▶" }</button></p>
                        <p class="why">{ format!("{} breaks: {}.", found.invariant.title(), found.why) }</p>
                        <p class="figures">{ format!("The shortest way, found among {} ({took}). Scope: {words}.", plural(*states, "state", "states")) }</p>
                        <p class="hint">{ "Play it opens it here as a run, at its start; Undo brings back your run." }</p>
                    </div>
                }
            }
        }
    }
}

impl<P: Searchable> Component for Lab<P> {
    type Message = Msg;
    type Properties = Props<P>;

    fn create(_ctx: &Context<Self>) -> Self {
        Lab {
            running: None,
            outcome: None,
            search_button: NodeRef::default(),
            cancel_button: NodeRef::default(),
            play_button: NodeRef::default(),
            refocus: None,
            outcome_box: NodeRef::default(),
            reveal: false,
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Search => {
                if self.running.is_none() {
                    self.start(ctx);
                    self.refocus_after(true);
                }
            }
            Msg::Slice => self.slice(),
            Msg::Cancel => {
                // Dropping the search (and its timer) stops it.
                if let Some(r) = self.running.take() {
                    let secs = (now_ms() - r.started) / 1000.0;
                    let (states, depth) = (r.progress.states, r.progress.depth);
                    self.outcome = Some((Outcome::Cancelled { states, depth }, r.words, secs));
                    self.reveal = true;
                    self.refocus_after(false);
                }
            }
        }
        true
    }

    fn changed(&mut self, ctx: &Context<Self>, old: &Props<P>) -> bool {
        // A result is about the scope it searched; another scope's pickers clear it.
        if ctx.props().scope != old.scope && self.running.is_none() {
            self.outcome = None;
        }
        true
    }

    fn rendered(&mut self, _ctx: &Context<Self>, _first: bool) {
        if std::mem::take(&mut self.reveal) {
            reveal(&self.outcome_box);
        }
        if let Some(r) = self.refocus.take() {
            if let Some(e) = r.cast::<web_sys::HtmlElement>() {
                let _ = e.focus();
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let props = ctx.props();
        let searching = self.running.is_some();
        let progress = self.running.as_ref().map(|r| {
            let p = r.progress;
            let secs = (now_ms() - r.started) / 1000.0;
            let explored = p.states.saturating_sub(p.queued);
            let mut line = plural(p.states, "state", "states");
            line.push_str(" found, ");
            line.push_str(&grouped(explored));
            line.push_str(" explored · depth ");
            line.push_str(&grouped(p.depth));
            let r = rate(p.states, secs);
            if !r.is_empty() {
                line.push_str(" · ");
                line.push_str(&r);
            }
            html! {
                <div class="lab-progress">
                    <progress id="lab-progress" aria-label="States explored" max={p.states.max(1).to_string()} value={explored.to_string()} />
                    <p class="figures" id="lab-progress-text">{ line }</p>
                </div>
            }
        });
        html! {
            <section class="panel lab" aria-labelledby="lab-title">
                <h2 id="lab-title">{ props.heading.clone() }</h2>
                <div class="lab-body">
                    <fieldset class="lab-scope" disabled={searching}>
                        <legend class="visually-hidden">{ "What to search" }</legend>
                        { props.children.clone() }
                    </fieldset>
                    <div class="lab-run">
                        <button id="lab-search" class="primary" ref={self.search_button.clone()} disabled={searching}
                            onclick={link.callback(|_| Msg::Search)}>{ "Search" }</button>
                        <button id="lab-cancel" ref={self.cancel_button.clone()} disabled={!searching}
                            onclick={link.callback(|_| Msg::Cancel)}>{ "Cancel" }</button>
                        if searching {
                            <span class="searching">{ "Searching every interleaving…" }</span>
                        }
                    </div>
                    { progress.unwrap_or_default() }
                    <div role="status" class="lab-outcome" ref={self.outcome_box.clone()}>{ self.result(ctx) }</div>
                </div>
            </section>
        }
    }
}

/// A picker's change to a lab's scope: `f` applied to a copy of the scope, which is then kept.
pub fn change<S: Copy + 'static, V: 'static>(
    scope: &UseStateHandle<S>,
    f: impl Fn(&mut S, V) + 'static,
) -> impl Fn(V) + 'static {
    let scope = scope.clone();
    move |v: V| {
        let mut x = *scope;
        f(&mut x, v);
        scope.set(x);
    }
}

/// The "Crashes and recoveries" box every lab has; `apply` sets the scope's crashes.
pub fn crashes_check(checked: bool, apply: impl Fn(bool) + 'static) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        apply(input.checked());
    });
    html! {
        <label class="lab-check"><input id="lab-crashes" type="checkbox" {checked} {onchange} />{ "Crashes and recoveries" }</label>
    }
}

/// A select of numbers, for a scope's picker.
pub fn pick(
    id: &'static str,
    label: &'static str,
    options: &[usize],
    value: usize,
    apply: impl Fn(usize) + 'static,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
        if let Ok(n) = s.value().parse() {
            apply(n);
        }
    });
    html! {
        <label class="lab-pick">{ label }
            <select {id} {onchange}>
                { for options.iter().map(|n| html! {
                    <option value={n.to_string()} selected={*n == value}>{ n }</option>
                }) }
            </select>
        </label>
    }
}

/// The picker of the rule to remove: every variant (`all`, correct first), by `name` as its value and
/// `label` as its words.
pub fn rule_pick<V: Copy + PartialEq + 'static>(
    all: &[V],
    current: V,
    name: fn(V) -> &'static str,
    label: impl Fn(V) -> String,
    apply: impl Fn(V) + 'static,
) -> Html {
    let choices = all.to_vec();
    let onchange = Callback::from(move |e: Event| {
        let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
        if let Some(v) = choices.iter().copied().find(|v| name(*v) == sel.value()) {
            apply(v);
        }
    });
    html! {
        <label class="lab-pick lab-variant">{ "Rule to remove" }
            <select id="lab-variant" {onchange}>
                { for all.iter().map(|v| html! {
                    <option value={name(*v)} selected={*v == current}>{ label(*v) }</option>
                }) }
            </select>
        </label>
    }
}

/// The rule a variant removes as a picker lists it: "None: correct CORFU" for none, else the rule
/// with a capital.
pub fn rule_words(removed_rule: &str, correct: &str) -> String {
    if removed_rule.is_empty() {
        let mut s = "None: correct ".to_string();
        s.push_str(correct);
        s
    } else {
        lunch_parliament::sim::words::capitalise(removed_rule)
    }
}

/// A variant's removed rule ("" for none) as [`breaking_step`] takes it.
pub fn rule_of(removed_rule: &str) -> Option<String> {
    (!removed_rule.is_empty()).then(|| removed_rule.to_string())
}

/// The scope's words as a result says them: `extent`, then "no rule removed" or "without the rule
/// that …".
pub fn scope_words(extent: &str, removed_rule: &str) -> String {
    let mut w = extent.to_string();
    if removed_rule.is_empty() {
        w.push_str("; no rule removed");
    } else {
        w.push_str("; without the rule that ");
        w.push_str(removed_rule);
    }
    w
}

/// A counterexample as a scenario of its protocol, titled "Lab: `what` breaks Agreement", opening at
/// its start.
pub fn counterexample<P: Checkable>(what: &str, found: &Found<P>) -> ScenarioFile<P>
where
    P::Config: Serialize + DeserializeOwned,
    P::Action: Serialize + DeserializeOwned,
{
    let mut title = "Lab: ".to_string();
    title.push_str(what);
    title.push_str(" breaks ");
    title.push_str(found.invariant.title());
    ScenarioFile::new(&title, P::scope_config(&found.scope), found.actions.clone())
        .replace_step(Some(0))
}

/// The lab makes way for the run it opened: the focus goes to Step, the next thing to press.
pub fn focus_step() {
    if let Some(step) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("step"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = step.focus();
    }
}

/// Whether a tab shows its lab in the stage (in place of the view). Once opened it stays mounted
/// (hidden behind the views), so a search goes on and its result stays.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Door {
    pub open: bool,
    pub mounted: bool,
}

impl Door {
    /// The tab's *Break it* button: open or close.
    pub fn toggle(&mut self) {
        self.open = !self.open;
        self.mounted = true;
    }

    /// Back to the view (the search, if any, goes on).
    pub fn close(&mut self) {
        self.open = false;
    }
}

/// The tab's *Break it* button, beside its view buttons.
pub fn lab_button(door: Door, title: &'static str, onclick: Callback<MouseEvent>) -> Html {
    html! {
        <button id="lab-open" class={classes!("tab", "lab-tab", door.open.then_some("active"))} aria-pressed={door.open.to_string()}
            {title} {onclick}>{ "Break it" }</button>
    }
}

/// Where the lab lives in the stage: mounted once opened, hidden while the view shows.
pub fn lab_host(door: Door, lab: Html) -> Html {
    if !door.mounted {
        return html! {};
    }
    html! {
        <div class="view-panel lab-host" hidden={!door.open}>{ lab }</div>
    }
}

/// Where a run of a broken variant first breaks a property.
pub struct Break {
    /// The step (1-based).
    pub step: usize,
    /// The property's title ("Agreement").
    pub title: &'static str,
    /// "Step 9 breaks Agreement: without the rule that …, two values are chosen: …."
    pub sentence: String,
}

/// The first step of run `h` that breaks a property, with the sentence that says so and which rule's
/// absence allowed it (`rule`: what the run's config removed, if anything). `None` when nothing was
/// removed or nothing in the run broke. Computed from the run itself, so a shared link shows it too.
pub fn breaking_step<P: Checkable>(h: &History<World<P>>, rule: Option<String>) -> Option<Break> {
    let rule = rule?;
    let (index, v) = h
        .outcomes()
        .iter()
        .enumerate()
        .find_map(|(i, s)| s.violations.first().map(|v| (i, v)))?;
    let step = index + 1;
    let mut s = "Step ".to_string();
    s.push_str(&step.to_string());
    s.push_str(" breaks ");
    s.push_str(v.invariant.title());
    s.push_str(": without the rule that ");
    s.push_str(&rule);
    s.push_str(", ");
    s.push_str(v.why.trim_end_matches('.'));
    s.push('.');
    Some(Break {
        step,
        title: v.invariant.title(),
        sentence: s,
    })
}

/// The line above the timeline: where the run breaks, before the cursor gets there; the sentence
/// once it has.
pub fn breaks_at(b: Option<&Break>, cursor: usize) -> Html {
    match b {
        None => html! {},
        Some(b) if cursor >= b.step => html! {
            <p class="breaks-at reached" id="breaks-at">{ b.sentence.clone() }</p>
        },
        Some(b) => html! {
            <p class="breaks-at" id="breaks-at">{ format!("In this run, step {} breaks {}: step on (→) to see how.", b.step, b.title) }</p>
        },
    }
}

/// Marks the breaking step in the transcript's lines with its sentence.
pub fn mark(lines: &mut Rc<Vec<(usize, Vec<Said>)>>, b: Option<&Break>) {
    if let (Some(b), Some(lines)) = (b, Rc::get_mut(lines)) {
        if let Some((_, said)) = lines.iter_mut().find(|(step, _)| *step == b.step) {
            said.push(Said {
                class: "breaks",
                text: b.sentence.clone(),
            });
        }
    }
}
