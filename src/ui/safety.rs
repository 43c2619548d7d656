//! The safety panel: each invariant with a one-line why; chosen (a fact no single node knows) apart
//! from learned; the quorum overlap that forces a round's value; and the costs.

use lunch_parliament::scenario::summary;
use lunch_parliament::synod::{explain, invariants, Progress, World};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub world: Rc<World>,
}

fn names(nodes: &[lunch_parliament::synod::NodeId]) -> String {
    nodes
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

#[function_component(SafetyPanel)]
pub fn safety_panel(props: &Props) -> Html {
    let w = &props.world;
    let report = invariants::report(w);
    let chosen = invariants::chosen_values_first(w);
    let chosen_line = match chosen.as_slice() {
        [] => format!(
            "Nothing is chosen yet: no round has been accepted by {}.",
            w.config.quorums.phase2_noun(w.acceptors.len())
        ),
        [c] => format!(
            "{} is chosen: {} accepted it in round {}, {}.",
            c.value,
            names(&c.voters),
            c.round,
            w.config.quorums.phase2_noun(w.acceptors.len())
        ),
        _ => format!("{}.", invariants::chosen_phrase(w)),
    };
    let t = &report.termination;
    let by_value = invariants::decided_by_value(w);
    let learned_line = if by_value.is_empty() {
        "Nobody has learned anything yet.".to_string()
    } else {
        let per_value: Vec<String> = by_value
            .iter()
            .map(|(v, nodes)| format!("{v} by {}", names(nodes)))
            .collect();
        let mut s = format!("{}.", per_value.join("; "));
        if !t.waiting.is_empty() {
            s.push_str(&format!(" Not yet: {}.", names(&t.waiting)));
        }
        if !t.crashed.is_empty() {
            s.push_str(&format!(" Crashed: {}.", names(&t.crashed)));
        }
        s
    };
    let (status, mark, state) = match t.progress {
        Progress::Done => ("holds", "✔", " done: "),
        Progress::Pending => ("pending", "…", " not yet: "),
        Progress::Split => ("broken", "✘", " BROKEN: "),
    };
    let m = summary::metrics(w);
    let overlaps = explain::quorum_overlaps(w);
    html! {
        <section class="panel safety" aria-label="Safety">
            <h2>{ "Safety and progress" }</h2>
            <ul class="checks">
                { for report.checks.iter().map(|(inv, result)| {
                    let (mark, state, why) = match result {
                        Ok(why) => ("✔", "holds", why.clone()),
                        Err(why) => ("✘", "BROKEN", why.clone()),
                    };
                    html! {
                        <li class={classes!("check", if result.is_ok() { "holds" } else { "broken" })} data-invariant={inv.name()}>
                            <span class="mark" aria-hidden="true">{ mark }</span>
                            <strong>{ inv.title() }</strong>
                            <span class="state">{ format!(" {state}: ") }</span>
                            <span class="why">{ why }</span>
                        </li>
                    }
                }) }
                <li class={classes!("check", "termination", status)} data-invariant="termination">
                    <span class="mark" aria-hidden="true">{ mark }</span>
                    <strong>{ "Termination" }</strong>
                    <span class="state">{ state }</span>
                    <span class="why">{ t.why.clone() }</span>
                </li>
            </ul>
            <dl class="facts">
                <dt>{ "Chosen" }<small>{ " (no single node knows this)" }</small></dt>
                <dd class="chosen">{ chosen_line }</dd>
                <dt>{ "Learned" }</dt>
                <dd class="learned">{ learned_line }</dd>
            </dl>
            // One child however many (Yew matches unkeyed children by position from the end: a list
            // that grows here would re-create everything above it).
            <>{ for overlaps.iter().map(|o| html! { <p class="explain overlap-why">{ o.text.clone() }</p> }) }</>
            <dl class="metrics" aria-label="Metrics">
                <div><dt>{ "Acceptors" }</dt><dd>{ m.replicas }</dd></div>
                <div><dt>{ "Crashes for good that lose nothing chosen (f+1)" }</dt><dd>{ m.crashes_tolerated_for_safety }</dd></div>
                <div><dt>{ "Crashes that still let a round finish (2f+1)" }</dt><dd>{ m.crashes_tolerated_for_liveness }</dd></div>
                <div><dt>{ "Messages sent" }</dt><dd>{ m.messages_sent + m.messages_duplicated }</dd></div>
                <div><dt>{ "Delivered" }</dt><dd>{ m.messages_delivered }</dd></div>
                <div><dt>{ "Lost" }</dt><dd>{ m.messages_dropped }</dd></div>
                <div><dt>{ "Rounds started" }</dt><dd>{ m.rounds_started }</dd></div>
                <div><dt>{ "Message delays to decide" }</dt><dd>{ m.message_rounds_to_decide.map_or("—".to_string(), |r| r.to_string()) }</dd></div>
            </dl>
            <p class="bounds">{ summary::crash_bounds(w) }</p>
        </section>
    }
}
