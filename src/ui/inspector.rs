//! What you can do with the selected messenger or node, and why it is as it is.

use super::chamber::Target;
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
            let current = w
                .leaders
                .get(form.leader.index())
                .map(|l| l.preference.as_str());
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
    let majority = w.config.majority();
    html! {
        <form class="start-form" onsubmit={start} aria-label="Start a round">
            <fieldset>
                <legend>{ format!("Quorum (a majority is {majority}) — or click acceptors in the chamber") }</legend>
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

#[function_component(Inspector)]
pub fn inspector(props: &Props) -> Html {
    let w = &props.world;
    let close = {
        let cb = props.on_close.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let body = match props.selected {
        None => html! {
            <p class="hint">{ "Click a messenger, an acceptor or a leader — or Tab to it and press Enter — to act on it." }</p>
        },
        Some(Target::Messenger(id)) => match w.messenger(id) {
            None => {
                html! { <p class="hint">{ format!("Messenger {id} is no longer in flight.") }</p> }
            }
            Some(m) => {
                let on_delay = {
                    let cb = props.on_delay_by.clone();
                    Callback::from(move |e: InputEvent| {
                        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                        if let Ok(v) = input.value().trim().parse::<u64>() {
                            cb.emit(v);
                        }
                    })
                };
                html! {
                    <>
                        <p class="what">{ with_now(&describe_messenger(w, m), m.due_at, w.now) }</p>
                        <div class="actions">
                            { button("Deliver now", "deliver", Action::Deliver(id), &props.on_action) }
                            { button(&format!("Delay by {}", props.delay_by), "delay", Action::Delay { id, by: props.delay_by }, &props.on_action) }
                            <label class="delay-by">{ "by " }<input type="number" min="1" max="1000000" value={props.delay_by.to_string()} oninput={on_delay} aria-label="Delay by (time units)" /></label>
                            { button("Duplicate", "duplicate", Action::Duplicate(id), &props.on_action) }
                            { button("Drop", "drop", Action::Drop(id), &props.on_action) }
                        </div>
                    </>
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
        <section class={classes!("panel", "inspector", props.selected.is_none().then_some("idle"))} aria-label="Selected">
            <div class="panel-head">
                <h2>{ "Selected" }</h2>
                if props.selected.is_some() {
                    <button class="close" onclick={close} aria-label="Close (Esc)">{ "×" }</button>
                }
            </div>
            { body }
        </section>
    }
}
