//! The chamber as SVG: acceptors around the lunch table, leaders at their podiums, messengers walking
//! between them. Every node and messenger is a keyboard-reachable button with an accessible name.

use super::layout::{self, permille, px, Point, HEIGHT, WIDTH};
use lunch_parliament::sim::{Messenger, MessengerId};
use lunch_parliament::synod::leader::RoundPhase;
use lunch_parliament::synod::liveness::TimerKind;
use lunch_parliament::synod::transcript::{describe_messenger, describe_node};
use lunch_parliament::synod::{invariants, Event, Msg, NodeId, Step, Variant, World};
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Node(NodeId),
    Messenger(MessengerId),
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub world: Rc<World>,
    /// The step that led here: its deliveries and losses are drawn leaving.
    pub last: Option<Rc<Step>>,
    pub selected: Option<Target>,
    /// Acceptors picked for a new round's quorum (when a leader is being started).
    pub picking: Option<BTreeSet<NodeId>>,
    /// Acceptors in both a running round's quorum and an earlier accepting quorum.
    pub overlap: BTreeSet<NodeId>,
    pub on_select: Callback<Target>,
}

fn activate(
    on_select: &Callback<Target>,
    target: Target,
) -> (Callback<MouseEvent>, Callback<KeyboardEvent>) {
    let click = {
        let cb = on_select.clone();
        Callback::from(move |_| cb.emit(target))
    };
    let key = {
        let cb = on_select.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                e.stop_propagation();
                cb.emit(target);
            }
        })
    };
    (click, key)
}

fn text_width(s: &str, px: f64) -> f64 {
    s.chars().count() as f64 * px * 0.56 + 20.0
}

fn acceptor_view(props: &Props, i: usize) -> Html {
    let w = &props.world;
    let id = NodeId::acceptor(i);
    let Some(a) = w.acceptors.get(i) else {
        return html! {};
    };
    let p = layout::acceptor(i, w.acceptors.len());
    let (onclick, onkeydown) = activate(&props.on_select, Target::Node(id));
    let picked = props.picking.as_ref().is_some_and(|q| q.contains(&id));
    let selected = props.selected == Some(Target::Node(id));
    let overlap = props.overlap.contains(&id);
    let promised = a
        .ledger
        .promised
        .map_or("no promise".to_string(), |r| format!("promised {r}"));
    let accepted = a
        .ledger
        .accepted
        .as_ref()
        .map_or("accepted —".to_string(), |v| v.to_string());
    let class = classes!(
        "node",
        "acceptor",
        a.crashed.then_some("crashed"),
        picked.then_some("picked"),
        selected.then_some("selected"),
        overlap.then_some("overlap")
    );
    html! {
        <g class={class} role="button" tabindex="0" aria-description={describe_node(w, id)} aria-pressed={selected.to_string()}
            data-node={id.to_string()} transform={format!("translate({} {}) scale({})", px(p.x), px(p.y), permille(layout::acceptor_scale(w.acceptors.len())))} {onclick} {onkeydown}>
            <circle class="halo" r="74" />
            <circle class="seat" r="64" />
            <text class="name" y="-22">{ id.to_string() }</text>
            <text class="fact" y="4">{ promised }</text>
            <text class="fact vote" y="28">{ accepted }</text>
            if a.crashed {
                <text class="tag crashed-tag" y="-74">{ "✖ crashed" }</text>
            } else if picked {
                <text class="tag" y="-80">{ "✓ in quorum" }</text>
            } else if overlap {
                <text class="tag overlap-tag" y="-80">{ "in both quorums" }</text>
            }
            if let Some(v) = &a.ledger.decided {
                <g class="decided" transform="translate(0 84)">
                    <rect x={px(-text_width(&format!("Yay, {v}!"), 17.0) / 2.0 - 10.0)} y="-14" width={px(text_width(&format!("Yay, {v}!"), 17.0) + 20.0)} height="28" rx="14" />
                    <text y="5">{ format!("Yay, {v}!") }</text>
                </g>
            }
        </g>
    }
}

fn leader_view(props: &Props, i: usize) -> Html {
    let w = &props.world;
    let id = NodeId::leader(i);
    let Some(l) = w.leaders.get(i) else {
        return html! {};
    };
    let p = layout::leader(i, w.leaders.len());
    let (onclick, onkeydown) = activate(&props.on_select, Target::Node(id));
    let selected = props.selected == Some(Target::Node(id));
    let status = match &l.current {
        None => "idle".to_string(),
        Some(s) => {
            let phase = match &s.phase {
                RoundPhase::Preparing => {
                    format!("prepare {}/{}", s.promises.len(), s.need)
                }
                RoundPhase::Proposing { value, accepted } => {
                    format!("propose {value} {}/{}", accepted.len(), s.need)
                }
                RoundPhase::Decided { value } => format!("agreed on {value}"),
            };
            let pre = if s.preempted.is_some() {
                " · preempted"
            } else {
                ""
            };
            format!("round {}: {phase}{pre}", s.round)
        }
    };
    let timer = w.liveness.timer_of(id).map(|t| {
        let left = t.due.saturating_sub(w.now);
        match t.kind {
            TimerKind::Retry => format!("retries in {left}"),
            _ => format!("times out in {left}"),
        }
    });
    let class = classes!(
        "node",
        "leader",
        l.crashed.then_some("crashed"),
        selected.then_some("selected")
    );
    html! {
        <g class={class} role="button" tabindex="0" aria-description={describe_node(w, id)} aria-pressed={selected.to_string()}
            data-node={id.to_string()} transform={format!("translate({} {})", px(p.x), px(p.y))} {onclick} {onkeydown}>
            <rect class="halo" x="-140" y="-58" width="280" height="116" rx="20" />
            <rect class="podium" x="-130" y="-48" width="260" height="96" rx="14" />
            <text class="name" y="-16">{ format!("{id} · likes {}", l.preference) }</text>
            <text class="fact" y="10">{ status }</text>
            if l.crashed {
                // Its ledger survives the crash: what it decided, it still knows.
                <text class="tag crashed-tag" y="36">{
                    l.ledger.decided.as_ref().map_or("✖ crashed".to_string(), |v| format!("✖ crashed · decided {v}"))
                }</text>
            } else if let Some(v) = &l.ledger.decided {
                <text class="fact vote" y="36">{ format!("decided {v}") }</text>
            } else if let Some(t) = timer {
                <text class="fact timer" y="36">{ t }</text>
            }
        </g>
    }
}

fn messenger_at(w: &World, m: &Messenger<NodeId, Msg>) -> (Point, bool) {
    let (n, k) = (w.acceptors.len(), w.leaders.len());
    let (a, b) = (layout::node(m.from, n, k), layout::node(m.to, n, k));
    let voyage = m.due_at.saturating_sub(w.now) > 3 * w.config.latency.max;
    let t = if voyage {
        0.5
    } else {
        layout::progress(w.now, m.sent_at, m.due_at)
    };
    let side = if matches!(m.from, NodeId::Leader(_)) {
        16.0
    } else {
        -16.0
    };
    // Copies walk a little apart from their original.
    let side = side + if m.copy_of.is_some() { 30.0 } else { 0.0 };
    (
        layout::along(a, b, t, side + if voyage { 40.0 } else { 0.0 }),
        voyage,
    )
}

fn chip(label: &str, extra: Option<String>) -> Html {
    let w = text_width(label, 17.0) + 14.0;
    html! {
        <>
            <rect class="chip" x={px(-w / 2.0)} y="-17" width={px(w)} height="34" rx="17" />
            <circle class="walker" cx={px(-w / 2.0 + 14.0)} cy="0" r="6" />
            <text class="label" x="7" y="6">{ label.to_string() }</text>
            if let Some(extra) = extra {
                <text class="voyage-note" y="36">{ extra }</text>
            }
        </>
    }
}

fn messenger_view(props: &Props, m: &Messenger<NodeId, Msg>) -> Html {
    let w = &props.world;
    let (p, voyage) = messenger_at(w, m);
    let (onclick, onkeydown) = activate(&props.on_select, Target::Messenger(m.id));
    let selected = props.selected == Some(Target::Messenger(m.id));
    let dir = if matches!(m.from, NodeId::Leader(_)) {
        "down"
    } else {
        "up"
    };
    let class = classes!(
        "messenger",
        dir,
        voyage.then_some("voyage"),
        m.copy_of.map(|_| "copy"),
        selected.then_some("selected")
    );
    let label = match m.copy_of {
        Some(_) => format!("{} (copy)", m.payload.label()),
        None => m.payload.label(),
    };
    let extra = voyage.then(|| format!("on a voyage · due at time {}", m.due_at));
    html! {
        <g key={m.id.0.to_string()} class={class} role="button" tabindex="0" aria-label={describe_messenger(w, m)}
            aria-pressed={selected.to_string()} data-messenger={m.id.0.to_string()}
            transform={format!("translate({} {})", px(p.x), px(p.y))} {onclick} {onkeydown}>
            { chip(&label, extra) }
        </g>
    }
}

/// Messengers the last step delivered or lost: drawn once more, arriving or fading away.
fn leaving_views(props: &Props) -> Vec<Html> {
    let w = &props.world;
    let (n, k) = (w.acceptors.len(), w.leaders.len());
    let Some(step) = &props.last else {
        return Vec::new();
    };
    step.events.iter().filter_map(|e| match e {
            Event::Delivered { id, to, msg, from } => {
                let a = layout::node(*to, n, k);
                let b = layout::node(*from, n, k);
                let p = layout::along(a, b, 0.12, 0.0);
                Some((*id, p, msg.label(), "arriving"))
            }
            Event::Lost { id, from, to, msg, .. } => {
                let p = layout::along(layout::node(*from, n, k), layout::node(*to, n, k), 0.5, 0.0);
                Some((*id, p, msg.label(), "lost"))
            }
            _ => None,
        }).map(|(id, p, label, kind)| html! {
            <g key={id.0.to_string()} class={classes!("messenger", "gone", kind)} aria-hidden="true"
                transform={format!("translate({} {})", px(p.x), px(p.y))}>
                { chip(&label, None) }
                if kind == "lost" {
                    <path class="lost-cross" d="M-14 -14L14 14M14 -14L-14 14" />
                }
            </g>
        }).collect()
}

#[function_component(Chamber)]
pub fn chamber(props: &Props) -> Html {
    let w = &props.world;
    let (n, k) = (w.acceptors.len(), w.leaders.len());
    let chosen = invariants::chosen(w);
    let table_text = match chosen.as_slice() {
        [c] => format!("On the table: {} is chosen", c.value),
        [] => "Nothing chosen yet".to_string(),
        _ => format!("Broken: {} values are chosen", chosen.len()),
    };
    let voters = |c: &invariants::Chosen| {
        c.voters
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    // Two chosen values (a broken variant): one line each.
    let mut table_lines: Vec<String> = if chosen.len() > 1 {
        chosen
            .iter()
            .map(|c| format!("{} in round {}, by {}", c.value, c.round, voters(c)))
            .collect()
    } else {
        Vec::new()
    };
    let table_sub = match chosen.first() {
        Some(_) if chosen.len() > 1 => table_lines.remove(0),
        Some(c) => format!(
            "round {}, by {} — a fact no single node knows",
            c.round,
            c.voters
                .iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None if w.config.variant == Variant::MinorityQuorums => format!(
            "broken variant: quorums may be smaller than a majority ({} of {})",
            w.config.majority(),
            n
        ),
        None => format!("a majority is {} of {} acceptors", w.config.majority(), n),
    };
    // Quorum lines of running rounds.
    let quorum_lines = w.leaders.iter().enumerate().flat_map(|(i, l)| {
        let from = layout::leader(i, k);
        l.current
            .iter()
            .flat_map(move |s| s.quorum.iter().map(move |a| (from, layout::node(*a, n, k))))
            .collect::<Vec<_>>()
    });
    html! {
        <svg class="chamber-svg" viewBox={format!("0 0 {} {}", px(WIDTH), px(HEIGHT))} role="group" aria-label="The chamber">
            <defs>
                <pattern id="hatch" width="10" height="10" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                    <rect width="10" height="10" fill="#efe7db" />
                    <line x1="0" y1="0" x2="0" y2="10" stroke="#b9ab97" stroke-width="4" />
                </pattern>
            </defs>
            <ellipse class="table" cx={px(WIDTH / 2.0)} cy="300" rx="250" ry="92" />
            <text class="table-text" x={px(WIDTH / 2.0)} y="294">{ table_text }</text>
            <text class="table-sub" x={px(WIDTH / 2.0)} y="320">{ table_sub }</text>
            { for table_lines.iter().enumerate().map(|(i, line)| html! {
                <text class="table-sub" x={px(WIDTH / 2.0)} y={px(344.0 + 24.0 * i as f64)}>{ line.clone() }</text>
            }) }
            <text class="table-sub quorum-rule" x={px(WIDTH / 2.0)} y={px(346.0 + 24.0 * table_lines.len() as f64)}>{ format!("a leader waits for {}", w.config.quorum_rule.describe()) }</text>
            { for quorum_lines.map(|(a, b)| html! {
                <line class="quorum-line" x1={px(a.x)} y1={px(a.y)} x2={px(b.x)} y2={px(b.y)} />
            }) }
            { for (0..k).map(|i| leader_view(props, i)) }
            { for (0..n).map(|i| acceptor_view(props, i)) }
            <g class="messengers">
                { for leaving_views(props).into_iter().chain(w.network.in_flight().iter().map(|m| messenger_view(props, m))) }
            </g>
        </svg>
    }
}
