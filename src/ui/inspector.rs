//! What you can do with the selected messenger or node, and why it is as it is.
//!
//! The panel ([`Panel`]) and the messenger's part ([`MessengerActions`]: deliver, delay by an adjustable
//! time, duplicate, drop) are the kit's, the same on every protocol's tab: they take the messenger's
//! words as plain text and say what the user chose through callbacks. The Synod's node part (crash,
//! recover, why it refused, start a round) is below.

use super::chamber::Target;
use lunch_parliament::sim::MessengerId;
use lunch_parliament::synod::action::MAX_DELAY;
use lunch_parliament::synod::transcript::{describe_messenger, describe_node};
use lunch_parliament::synod::{explain, Action, NodeId, World};
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::prelude::*;

/// The "start a round" form of a selected leader.
#[derive(Clone, Debug, PartialEq)]
pub struct StartForm {
    pub leader: NodeId,
    pub quorum: BTreeSet<NodeId>,
    pub round: String,
    pub dish: String,
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub world: Rc<World>,
    /// Why the selected acceptor refused what it refused, oldest first.
    pub refusals: Vec<String>,
    pub selected: Option<Target>,
    pub form: Option<StartForm>,
    pub delay_by: u64,
    pub on_action: Callback<Action>,
    pub on_form: Callback<StartForm>,
    pub on_delay_by: Callback<u64>,
    pub on_close: Callback<()>,
}

fn button(label: &str, id: &str, action: Action, on_action: &Callback<Action>) -> Html {
    let cb = on_action.clone();
    html! {
        <button class="act" id={id.to_string()} onclick={Callback::from(move |_| cb.emit(action.clone()))}>{ label.to_string() }</button>
    }
}

fn crash_or_recover(w: &World, node: NodeId, on_action: &Callback<Action>) -> Html {
    if w.is_crashed(node) {
        button("↺ Recover", "recover", Action::Recover(node), on_action)
    } else {
        button("✖ Crash", "crash", Action::Crash(node), on_action)
    }
}

fn start_form(props: &Props, form: &StartForm) -> Html {
    let w = &props.world;
    let toggle = |a: NodeId| {
        let (cb, form) = (props.on_form.clone(), form.clone());
        Callback::from(move |_: Event| {
            let mut f = form.clone();
            if !f.quorum.remove(&a) {
                f.quorum.insert(a);
            }
            cb.emit(f);
        })
    };
    let on_round = {
        let (cb, form) = (props.on_form.clone(), form.clone());
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            cb.emit(StartForm {
                round: input.value(),
                ..form.clone()
            });
        })
    };
    let on_dish = {
        let (cb, form) = (props.on_form.clone(), form.clone());
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            cb.emit(StartForm {
                dish: input.value(),
                ..form.clone()
            });
        })
    };
    let round_ok = form.round.trim().is_empty() || form.round.trim().parse::<u64>().is_ok();
    let action = Action::StartRound {
        leader: form.leader,
        quorum: form.quorum.iter().copied().collect(),
        round: form.round.trim().parse().ok(),
        dish: {
            let d = form.dish.trim();
            let current = w.leaders.get(form.leader.index()).map(|l| &*l.preference);
            (!d.is_empty() && Some(d) != current).then(|| d.to_string())
        },
    };
    let problem = if !round_ok {
        Some("The round number must be a whole number.".to_string())
    } else {
        w.check(&action).err().map(|e| e.to_string())
    };
    let start = {
        let cb = props.on_action.clone();
        let action = action.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            cb.emit(action.clone());
        })
    };
    let legend = if w.config.quorums.is_majority() {
        format!(
            "Quorum (a majority is {}) — or click acceptors in the chamber",
            w.config.majority()
        )
    } else {
        format!(
            "Quorum ({}) — or click acceptors in the chamber",
            w.config.quorums.phase1_noun(w.acceptors.len())
        )
    };
    html! {
        <form class="start-form" onsubmit={start} aria-label="Start a round">
            <fieldset>
                <legend>{ legend }</legend>
                <div class="quorum-picks">
                { for (0..w.acceptors.len()).map(|i| {
                    let a = NodeId::acceptor(i);
                    html! {
                        <label class="pick">
                            <input type="checkbox" checked={form.quorum.contains(&a)} onchange={toggle(a)} />
                            { a.to_string() }{ if w.is_crashed(a) { " (crashed)" } else { "" } }
                        </label>
                    }
                }) }
                </div>
            </fieldset>
            <div class="form-row">
                <label>{ "Round " }<input class="round-input" type="text" inputmode="numeric" placeholder="next" value={form.round.clone()} oninput={on_round} aria-label="Round number (optional)" /></label>
                <label>{ "Dish " }<input class="dish-input" type="text" maxlength="40" value={form.dish.clone()} oninput={on_dish} aria-label="Dish" /></label>
                <button class="act primary" type="submit" id="start-round" disabled={problem.is_some()}>{ "Start round" }</button>
            </div>
            if let Some(p) = problem {
                <p class="form-problem" role="status">{ p }</p>
            }
        </form>
    }
}

/// "… due at time 25" with the current logical time beside it: "… due at time 25 (now 18)".
pub fn with_now(text: &str, due: u64, now: u64) -> String {
    let at = format!("due at time {due}");
    text.replacen(&at, &format!("{at} (now {now})"), 1)
}

/// Which of a messenger's actions apply now (one that does not is shown disabled).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Allowed {
    pub deliver: bool,
    pub delay: bool,
    pub duplicate: bool,
    pub drop: bool,
}

impl Allowed {
    pub const ALL: Allowed = Allowed {
        deliver: true,
        delay: true,
        duplicate: true,
        drop: true,
    };
}

#[derive(Properties, PartialEq)]
pub struct MessengerProps {
    /// The messenger in words, with its due time (and the current time).
    pub what: AttrValue,
    /// The time "Delay" adds, as the user set it.
    pub delay_by: u64,
    #[prop_or(Allowed::ALL)]
    pub allowed: Allowed,
    pub on_deliver: Callback<()>,
    /// Delay by this much.
    pub on_delay: Callback<u64>,
    pub on_duplicate: Callback<()>,
    pub on_drop: Callback<()>,
    /// The user changed the time "Delay" adds.
    pub on_delay_by: Callback<u64>,
}

fn act_button(label: &str, id: &str, enabled: bool, cb: Callback<()>) -> Html {
    html! {
        <button class="act" id={id.to_string()} disabled={!enabled} onclick={Callback::from(move |_| cb.emit(()))}>{ label.to_string() }</button>
    }
}

/// A messenger in flight: what it is, and Deliver now, Delay by (adjustable), Duplicate, Drop.
#[function_component(MessengerActions)]
pub fn messenger_actions(props: &MessengerProps) -> Html {
    let on_input = {
        let cb = props.on_delay_by.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = input.value().trim().parse::<u64>() {
                cb.emit(v);
            }
        })
    };
    let by = props.delay_by;
    let delay = props.on_delay.reform(move |()| by);
    html! {
        <>
            <p class="what">{ props.what.clone() }</p>
            <div class="actions">
                { act_button("Deliver now", "deliver", props.allowed.deliver, props.on_deliver.clone()) }
                { act_button(&format!("Delay by {by}"), "delay", props.allowed.delay, delay) }
                <label class="delay-by">{ "by " }<input type="number" min="1" max={MAX_DELAY.to_string()} value={by.to_string()} oninput={on_input} aria-label="Delay by (time units)" /></label>
                { act_button("Duplicate", "duplicate", props.allowed.duplicate, props.on_duplicate.clone()) }
                { act_button("Drop", "drop", props.allowed.drop, props.on_drop.clone()) }
            </div>
        </>
    }
}

/// A messenger selected earlier that has since arrived or been lost.
pub fn gone(id: MessengerId) -> Html {
    html! { <p class="hint">{ format!("Messenger {id} is no longer in flight.") }</p> }
}

#[derive(Properties, PartialEq)]
pub struct PanelProps {
    /// Something is selected (the panel can be closed).
    pub selected: bool,
    pub on_close: Callback<()>,
    #[prop_or_default]
    pub children: Html,
}

/// The "Selected" panel every tab shows beside its drawing.
#[function_component(Panel)]
pub fn panel(props: &PanelProps) -> Html {
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <section class={classes!("panel", "inspector", (!props.selected).then_some("idle"))} aria-label="Selected">
            <div class="panel-head">
                <h2>{ "Selected" }</h2>
                if props.selected {
                    <button class="close" onclick={close} aria-label="Close (Esc)">{ "×" }</button>
                }
            </div>
            { props.children.clone() }
        </section>
    }
}

#[function_component(Inspector)]
pub fn inspector(props: &Props) -> Html {
    let w = &props.world;
    let body = match props.selected {
        None => html! {
            <p class="hint">{ "Click a messenger, an acceptor or a leader — or Tab to it and press Enter — to act on it." }</p>
        },
        Some(Target::Messenger(id)) => match w.messenger(id) {
            None => gone(id),
            Some(m) => {
                let act = |a: Action| props.on_action.reform(move |()| a.clone());
                html! {
                    <MessengerActions what={with_now(&describe_messenger(w, m), m.due_at, w.now)}
                        delay_by={props.delay_by} on_delay_by={props.on_delay_by.clone()}
                        on_deliver={act(Action::Deliver(id))}
                        on_delay={props.on_action.reform(move |by| Action::Delay { id, by })}
                        on_duplicate={act(Action::Duplicate(id))} on_drop={act(Action::Drop(id))} />
                }
            }
        },
        Some(Target::Node(node)) => {
            let refusals = &props.refusals;
            let overlaps: Vec<String> = explain::quorum_overlaps(w)
                .into_iter()
                .filter(|o| o.leader == node || o.overlap.contains(&node))
                .map(|o| o.text)
                .collect();
            html! {
                <>
                    <p class="what">{ describe_node(w, node) }</p>
                    <div class="actions">{ crash_or_recover(w, node, &props.on_action) }</div>
                    { for overlaps.iter().map(|t| html! { <p class="explain">{ t.clone() }</p> }) }
                    if !refusals.is_empty() {
                        <ul class="refusals">
                            { for refusals.iter().map(|r| html! { <li>{ r.clone() }</li> }) }
                        </ul>
                    }
                    if let (NodeId::Leader(_), Some(form)) = (node, &props.form) {
                        if !w.is_crashed(node) { { start_form(props, form) } }
                    }
                </>
            }
        }
    };
    html! {
        <Panel selected={props.selected.is_some()} on_close={props.on_close.clone()}>{ body }</Panel>
    }
}

/// Any protocol's messenger panel: what it carries (`label`), where and when, and the kit's fault
/// buttons, each enabled only when the world would accept it. `act` turns an action into the tab's
/// callback; `on_delay_by` keeps the delay typed so far.
pub fn messenger_panel<P: lunch_parliament::sim::Protocol>(
    w: &lunch_parliament::sim::World<P>,
    id: MessengerId,
    delay_by: u64,
    label: impl Fn(&P::Msg) -> String,
    act: impl Fn(P::Action) -> Callback<()>,
    on_delay: Callback<u64>,
    on_delay_by: Callback<u64>,
) -> Html {
    use lunch_parliament::sim::Verb;
    let Some(m) = w.network.get(id) else {
        return gone(id);
    };
    let action = |v: Verb<P::Node>| P::fault(v);
    let ok = |v: Verb<P::Node>| action(v).is_some_and(|a| w.check(&a).is_ok());
    let allowed = Allowed {
        deliver: ok(Verb::Deliver(id)),
        delay: ok(Verb::Delay { id, by: delay_by }),
        duplicate: ok(Verb::Duplicate(id)),
        drop: ok(Verb::Drop(id)),
    };
    let copy = m
        .copy_of
        .map(|o| format!(", a copy of {o}"))
        .unwrap_or_default();
    let what = format!(
        "Messenger {id}: {} from {} to {}, due at time {} (now {}){copy}",
        label(&m.payload),
        m.from,
        m.to,
        m.due_at,
        w.now
    );
    let button = |v: Verb<P::Node>| action(v).map(&act).unwrap_or_default();
    html! {
        <MessengerActions what={what} delay_by={delay_by} allowed={allowed}
            on_delay_by={on_delay_by}
            on_deliver={button(Verb::Deliver(id))}
            on_delay={on_delay}
            on_duplicate={button(Verb::Duplicate(id))} on_drop={button(Verb::Drop(id))} />
    }
}
