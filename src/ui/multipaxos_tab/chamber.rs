//! The chamber, in four columns: clients, the canteens (replicas), the leaders — each with its scout
//! and commanders drawn as small satellites to its right, saying whom they still wait for — and the
//! acceptors; messengers walk between them. Click (or Enter on) a node or a messenger to
//! open it in the inspector.

use super::{describe, Msg, MultiPaxosTab, Target};
use crate::ui::layout::{self, px, Point};
use lunch_parliament::multipaxos::{day, Msg as Message, NodeId, Slot, World};
use lunch_parliament::sim::Protocol;
use std::collections::BTreeSet;
use yew::html::Scope;
use yew::prelude::*;

pub const WIDTH: f64 = 1000.0;
pub const HEIGHT: f64 = 400.0;

/// The widest a leader's satellites may be (they stand to its right, before the acceptors).
const SATELLITE_WIDTH: f64 = 270.0;
/// How many commanders are drawn beside a leader; the rest are counted.
const SHOWN_COMMANDERS: usize = 1;

/// The columns, left to right: clients, canteens, leaders (their satellites to their right), acceptors.
const COLUMNS: [f64; 4] = [100.0, 285.0, 470.0, 902.0];

/// The `i`th of `k` nodes down column `x`.
fn down(i: usize, k: usize, x: f64) -> Point {
    let (top, bottom) = (70.0, HEIGHT - 70.0);
    Point {
        x,
        y: if k > 1 {
            top + i as f64 * (bottom - top) / (k - 1) as f64
        } else {
            HEIGHT / 2.0
        },
    }
}

pub fn place(w: &World, n: NodeId) -> Point {
    let i = n.index();
    match n {
        NodeId::Client(_) => down(i, w.clients.len(), COLUMNS[0]),
        // Leaders and canteens sit between the top and bottom rows, so their satellites and the
        // messengers have room.
        NodeId::Replica(_) => {
            let k = w.replicas.len().max(1);
            let share = (HEIGHT - 80.0) / k as f64;
            Point {
                x: COLUMNS[1],
                y: 40.0 + share * (i as f64 + 0.5),
            }
        }
        NodeId::Leader(_) => {
            let k = w.leaders.len().max(1);
            let share = HEIGHT / k as f64;
            Point {
                x: COLUMNS[2],
                y: share * (i as f64 + 0.5),
            }
        }
        NodeId::Acceptor(_) => down(i, w.acceptors.len(), COLUMNS[3]),
    }
}

fn names(set: &BTreeSet<NodeId>) -> String {
    set.iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The satellites beside a leader, each one or two lines: its scout, its first commanders, and how
/// many more.
fn satellites(w: &World, i: usize, presenting: bool) -> Vec<(&'static str, Vec<String>)> {
    let Some(l) = w.leaders.get(i) else {
        return Vec::new();
    };
    let waits = |set: &BTreeSet<NodeId>| {
        if set.is_empty() {
            "heard a majority".to_string()
        } else if presenting {
            // Fewer letters at projector size, so the satellite keeps clear of the acceptors.
            let short: Vec<String> = set.iter().map(|n| n.to_string()).collect();
            format!("waits {}", short.join(" "))
        } else {
            format!("waits for {}", names(set))
        }
    };
    let mut out = Vec::new();
    if let Some(s) = &l.scout {
        out.push((
            "scout",
            vec![format!("scout {}", s.ballot), waits(&s.waitfor)],
        ));
    }
    for c in l.commanders.iter().take(SHOWN_COMMANDERS) {
        let d: String = day(c.pvalue.slot).chars().take(3).collect();
        out.push((
            "commander",
            vec![format!("commander {d}"), waits(&c.waitfor)],
        ));
    }
    let more = l.commanders.len().saturating_sub(SHOWN_COMMANDERS);
    if more > 0 {
        out.push((
            "commander more",
            vec![if presenting {
                format!("+ {more} more")
            } else {
                format!(
                    "+ {more} more commander{}",
                    if more == 1 { "" } else { "s" }
                )
            }],
        ));
    }
    out
}

/// A satellite's line height and letter width: 22 px type, and 26 px while presenting (so that a
/// chamber drawn smaller under a tour's caption still shows 18 px or more on screen).
const LINE: f64 = 25.0;
const LINE_PRESENTING: f64 = 30.0;

/// Draws a leader's satellites to its right, stacked around its middle.
fn draw_satellites(sats: &[(&'static str, Vec<String>)], presenting: bool) -> Html {
    let (line, letter) = if presenting {
        (LINE_PRESENTING, 13.2)
    } else {
        (LINE, 11.0)
    };
    let height = |lines: usize| lines as f64 * line + 8.0;
    let total: f64 = sats.iter().map(|(_, l)| height(l.len()) + 6.0).sum::<f64>() - 6.0;
    let mut y = -total / 2.0;
    let chips = sats.iter().map(|(class, lines)| {
        let h = height(lines.len());
        let top = y;
        y += h + 6.0;
        let longest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
        let width = (longest as f64 * letter + 24.0).min(SATELLITE_WIDTH);
        let label = lines.join(" ");
        html! {
            <g class={classes!("satellite", *class)} data-satellite={label}>
                <line class="tether" x1="68" y1="0" x2="86" y2={px(top + h / 2.0)} />
                <rect x="86" y={px(top)} width={px(width)} height={px(h)} rx="12" />
                { for lines.iter().enumerate().map(|(k, t)| html! {
                    <text x="98" y={px(top + 6.0 + line * (k as f64 + 0.8))}>{ t.clone() }</text>
                }) }
            </g>
        }
    });
    html! { <g class="satellites" aria-hidden="true">{ for chips }</g> }
}

/// A messenger's words in the chamber, short enough to walk between two columns ("p2a Tue: Pizza");
/// its accessible name and the inspector say all of it.
fn short_label(m: &Message) -> String {
    let d = |s: Slot| -> String { day(s).chars().take(3).collect() };
    match m {
        Message::Request { order } => format!("order {}", order.dish),
        Message::Response { order } => format!("served {}", order.dish),
        Message::Propose { slot, order } => format!("propose {}: {}", d(*slot), order.dish),
        Message::Decision { slot, order } => format!("decided {}: {}", d(*slot), order.dish),
        Message::P1a { ballot } => format!("p1a {ballot}"),
        Message::P1b {
            ballot, accepted, ..
        } => format!("p1b {ballot} · {} pv", accepted.len()),
        // Its ballot is the commander's, drawn beside its leader; the inspector says it too.
        Message::P2a { pvalue } => format!("p2a {}: {}", d(pvalue.slot), pvalue.order.dish),
        Message::P2b { slot, ballot, .. } => format!("p2b {} {ballot}", d(*slot)),
        Message::CatchUp { from } => format!("catch up from {}", d(*from)),
    }
}

fn fact(w: &World, n: NodeId) -> String {
    let i = n.index();
    match n {
        NodeId::Client(_) => {
            let c = w.clients.get(i);
            let ordered = c.map_or(0, |c| c.orders.len());
            let served = c.map_or(0, |c| c.orders.iter().filter(|o| o.1.is_some()).count());
            format!("{served}/{ordered} served")
        }
        NodeId::Replica(_) => w.replicas.get(i).map_or(String::new(), |r| {
            // The day's first three letters, as in the week's columns (the box is narrow).
            let d: String = day(r.slot_out).chars().take(3).collect();
            format!("next: {d}")
        }),
        NodeId::Leader(_) => match w.leaders.get(i) {
            Some(l) if l.ballot.round == 0 => "no ballot".into(),
            Some(l) if l.active => format!("active {}", l.ballot),
            Some(l) => format!("passive {}", l.ballot),
            None => String::new(),
        },
        NodeId::Acceptor(_) => w
            .acceptors
            .get(i)
            .and_then(|a| a.ballot)
            .map_or("no ballot".into(), |b| format!("ballot {b}")),
    }
}

/// A node's fact under its name. While presenting the type is larger, so a long fact is drawn
/// narrower (its letters keep their height) to stay inside the node's box.
fn fact_text(text: String, presenting: bool) -> Html {
    if presenting && text.chars().count() > 10 {
        html! { <text class="fact" y="20" textLength="126" lengthAdjust="spacingAndGlyphs">{ text }</text> }
    } else {
        html! { <text class="fact" y="20">{ text }</text> }
    }
}

pub fn chamber(
    w: &World,
    selected: Option<Target>,
    scroller: &NodeRef,
    link: &Scope<MultiPaxosTab>,
    presenting: bool,
) -> Html {
    let node = |n: NodeId| {
        let p = place(w, n);
        let crashed = w.is_crashed(n);
        let is_selected = selected == Some(Target::Node(n));
        let onclick = link.callback(move |_| Msg::Select(Target::Node(n)));
        let onkeydown = link.batch_callback(move |e: KeyboardEvent| {
            (e.key() == "Enter" || e.key() == " ").then(|| {
                e.prevent_default();
                e.stop_propagation();
                Msg::Select(Target::Node(n))
            })
        });
        let role = match n {
            NodeId::Client(_) => "client",
            NodeId::Replica(_) => "replica",
            NodeId::Leader(_) => "leader",
            NodeId::Acceptor(_) => "acceptor",
        };
        let sats = if let NodeId::Leader(_) = n {
            satellites(w, n.index(), presenting)
        } else {
            Vec::new()
        };
        html! {
            <g class={classes!("node", "cnode", role, crashed.then_some("crashed"), is_selected.then_some("selected"))}
                role="button" tabindex="0" aria-description={describe(w, n)} data-node={n.to_string()}
                transform={format!("translate({} {})", px(p.x), px(p.y))} {onclick} {onkeydown}>
                <rect class="halo" x="-78" y="-44" width="156" height="88" rx="16" />
                <rect class="box" x="-68" y="-34" width="136" height="68" rx="12" />
                <text class="name" y="-4">{ n.to_string() }</text>
                { fact_text(fact(w, n), presenting) }
                if crashed { <text class="tag crashed-tag" y="-48">{ "✖ crashed" }</text> }
                if !sats.is_empty() { { draw_satellites(&sats, presenting) } }
            </g>
        }
    };
    let messengers = w.network.in_flight().iter().map(|m| {
        let (a, b) = (place(w, m.from), place(w, m.to));
        let t = layout::progress(w.now, m.sent_at, m.due_at);
        let voyage = m.due_at.saturating_sub(w.now) > 3 * w.config.latency.max;
        let label = short_label(&m.payload);
        let full = m.payload.label();
        let width = label.chars().count() as f64 * 8.6 + 26.0;
        // Where it walks: clear of the node it leaves and the node it reaches when the way is long
        // enough, else half way (nodes are drawn over messengers, so they stay clickable).
        let length = (b.x - a.x).hypot(b.y - a.y);
        // Wide enough for the presenting sizes too (boxes ×1.3, messengers ×1.4).
        let margin = 88.0 + 0.7 * width + 6.0;
        let along = if voyage || length <= 2.0 * margin {
            0.5
        } else {
            let lo = margin / length;
            lo + (1.0 - 2.0 * lo) * t
        };
        let p = layout::along(a, b, along, 14.0);
        let id = m.id;
        let is_selected = selected == Some(Target::Messenger(id));
        let onclick = link.callback(move |_| Msg::Select(Target::Messenger(id)));
        let onkeydown = link.batch_callback(move |e: KeyboardEvent| {
            (e.key() == "Enter" || e.key() == " ").then(|| {
                e.prevent_default();
                Msg::Select(Target::Messenger(id))
            })
        });
        let aria = format!(
            "{label}: messenger {id}, {full}, from {} to {}, due at time {}",
            m.from, m.to, m.due_at
        );
        html! {
            <g key={id.0.to_string()} class={classes!("messenger", voyage.then_some("voyage"), is_selected.then_some("selected"), m.copy_of.map(|_| "copy"))}
                role="button" tabindex="0" aria-label={aria} data-messenger={id.0.to_string()} data-kind={m.payload.kind()}
                transform={format!("translate({} {})", px(p.x), px(p.y))} {onclick} {onkeydown}>
                <rect class="chip" x={px(-width / 2.0)} y="-17" width={px(width)} height="34" rx="17" />
                <text class="label" y="5">{ label }</text>
                if voyage { <text class="voyage-note" y="36">{ format!("on a voyage · due at time {}", m.due_at) }</text> }
            </g>
        }
    });
    html! {
        <div class="chamber-scroll" ref={scroller.clone()}>
        <svg class="chamber-svg corfu-svg mp-svg" viewBox={format!("0 0 {} {}", px(WIDTH), px(HEIGHT))} role="group" aria-label="The chamber">
            <defs>
                <pattern id="hatch-m" width="10" height="10" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                    <rect width="10" height="10" fill="#efe7db" />
                    <line x1="0" y1="0" x2="0" y2="10" stroke="#b9ab97" stroke-width="4" />
                </pattern>
            </defs>
            <g class="messengers">{ for messengers }</g>
            { for w.nodes().into_iter().map(node) }
        </svg>
        </div>
    }
}
