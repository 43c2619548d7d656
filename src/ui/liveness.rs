//! The liveness panel: how many rounds went by without a decision, the fixes (switchable mid-run), a
//! plain-words FLP note, and a chart of each leader's round numbers over time.

use super::layout::px;
use lunch_parliament::synod::liveness::Fix;
use lunch_parliament::synod::{Action, NodeId, World};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub world: Rc<World>,
    pub on_action: Callback<Action>,
}

const FIX_NOTES: [(Fix, &str); 3] = [
    (
        Fix::Backoff,
        "a preempted leader waits a random time before trying again",
    ),
    (
        Fix::AdaptiveTimeouts,
        "each preemption doubles a leader's wait; success shrinks it",
    ),
    (
        Fix::LeaderSelection,
        "heartbeats and a failure detector: only the lowest leader believed alive starts rounds",
    ),
];

/// Width of the chart's legend column, in viewBox units.
const LEGEND: f64 = 56.0;

/// The stretch of time the chart shows: from 0 to the latest round start, preemption or decision, with
/// a little room after it. Once a round has decided, time running on (heartbeats, idle timers) does not
/// stretch the axis, so the duel and the decision that ended it keep their width.
fn window(w: &World) -> u64 {
    let l = &w.liveness;
    let decided = w.metrics.first_decision.as_ref().map(|d| d.at_time);
    let events = l
        .round_starts
        .iter()
        .map(|s| s.0)
        .chain(l.preemptions.iter().map(|p| p.at))
        .chain(decided)
        .max()
        .unwrap_or(0);
    match decided {
        // A tenth more after the last event, so the decision is not drawn on the frame.
        Some(_) => events + events / 10 + 1,
        None => w.now.max(1),
    }
}

/// Round number over time per leader, with a cross at each preemption and a line at the decision.
fn chart(w: &World) -> Html {
    let starts = &w.liveness.round_starts;
    let (width, height, pad) = (420.0, 150.0, 30.0);
    let (wi, hi, pi) = (420, 150, 30);
    let t_end = window(w);
    let t_max = t_end as f64;
    let r_max = starts.iter().map(|s| s.2).max().unwrap_or(1).max(1) as f64;
    // The legend has a column of its own on the right.
    let right = width - LEGEND;
    let x = |t: u64| pad + (right - pad) * t.min(t_end) as f64 / t_max;
    let y = |r: u64| height - pad + 4.0 - (height - pad - 10.0) * r as f64 / r_max;
    let k = w.leaders.len();
    let decision = w.metrics.first_decision.as_ref();
    let time_label = if t_end != w.now {
        format!("time 0 – {t_end} (now {})", w.now)
    } else {
        format!("time 0 – {t_end}")
    };
    html! {
        <svg class="round-chart" viewBox={format!("0 0 {wi} {hi}")} role="img"
            aria-label={format!("Round numbers over time: {} rounds started, highest {}{}", starts.len(), r_max as u64,
                decision.map(|d| format!(", decided {} at time {}", d.value, d.at_time)).unwrap_or_default())}>
            <line class="axis" x1={pi.to_string()} y1={(hi - pi + 4).to_string()} x2={px(right)} y2={(hi - pi + 4).to_string()} />
            <line class="axis" x1={pi.to_string()} y1="6" x2={pi.to_string()} y2={(hi - pi + 4).to_string()} />
            <text class="axis-label" x={px((pad + right) / 2.0)} y={(hi - 6).to_string()} text-anchor="middle">{ time_label }</text>
            <text class="axis-label" x="4" y="16">{ format!("round {}", r_max as u64) }</text>
            if let Some(d) = decision {
                <g class="decision">
                    <line x1={px(x(d.at_time))} y1="6" x2={px(x(d.at_time))} y2={(hi - pi + 4).to_string()} />
                    // Low rounds are early: the bottom right beside the line is free.
                    <text class="axis-label decision-label" x={px(if x(d.at_time) > right / 2.0 { x(d.at_time) - 4.0 } else { x(d.at_time) + 4.0 })}
                        y={(hi - pi - 4).to_string()} text-anchor={if x(d.at_time) > right / 2.0 { "end" } else { "start" }}>
                        { format!("decided {} at {}", d.value, d.at_time) }
                    </text>
                </g>
            }
            { for (0..k).map(|i| {
                let id = NodeId::leader(i);
                let points: Vec<String> = starts.iter().filter(|s| s.1 == id)
                    .map(|s| format!("{},{}", px(x(s.0)), px(y(s.2)))).collect();
                html! {
                    <g class={format!("series leader-{}", i + 1)}>
                        <polyline points={points.join(" ")} />
                        { for starts.iter().filter(|s| s.1 == id).map(|s| html! {
                            <circle cx={px(x(s.0))} cy={px(y(s.2))} r="3" />
                        }) }
                        <text class="series-label" x={px(right + 8.0)} y={(18 + 16 * i).to_string()}>{ format!("— {id}") }</text>
                    </g>
                }
            }) }
            { for w.liveness.preemptions.iter().map(|p| html! {
                <path class="preempt" d={format!("M{} {}l6 6m0 -6l-6 6", px(x(p.at) - 3.0), px(y(p.round) - 3.0))} />
            }) }
        </svg>
    }
}

#[function_component(LivenessPanel)]
pub fn liveness_panel(props: &Props) -> Html {
    let w = &props.world;
    let r = w.livelock_report();
    let banner = match &r.decided {
        Some((value, at, wasted)) => html! {
            <p class="banner decided" role="status">
                { format!("Decided {value} at time {at}, after {} rounds — {wasted} of them wasted by the duel.", wasted + 1) }
            </p>
        },
        None if r.rounds_without_decision >= 2 => html! {
            <p class="banner dueling" role="status">
                <strong class="count">{ r.rounds_without_decision }</strong>
                { format!(" rounds without a decision · {} preemptions · {} time units without progress", r.preemptions, r.time_since_progress) }
            </p>
        },
        None => html! { <p class="banner quiet">{ "No duel (yet)." }</p> },
    };
    html! {
        <section class="panel liveness" aria-label="Liveness">
            <h2>{ "Liveness: will they ever decide?" }</h2>
            { banner }
            { chart(w) }
            <p class="flp">
                { "FLP (Fischer, Lynch, Paterson, 1985): in an asynchronous network where even one node may crash, no deterministic protocol can guarantee a decision — here two leaders keep aborting each other's rounds. Paxos never gives up safety; to finish, real systems add one of these:" }
            </p>
            <ul class="fixes">
                { for FIX_NOTES.iter().map(|(fix, note)| {
                    let on = w.liveness.fixes.get(*fix);
                    let cb = props.on_action.clone();
                    let fix = *fix;
                    let onchange = Callback::from(move |_: Event| cb.emit(Action::Fix { fix, on: !on }));
                    html! {
                        <li>
                            <label class="fix">
                                <input type="checkbox" checked={on} {onchange} />
                                <strong>{ fix.title() }</strong>
                            </label>
                            <span class="note">{ format!(" — {note}") }</span>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
