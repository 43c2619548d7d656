//! The chamber as SVG: acceptors around the lunch table, leaders at their podiums, messengers walking
//! between them. Every node and messenger is a keyboard-reachable button with an accessible name.
//!
//! What goes where (tags, podium lines, messenger labels that never pile up) is planned in
//! [`labels`]; this module draws it.

mod labels;

use super::layout::{self, permille, px, Point, HEIGHT, WIDTH};
use labels::{Group, Marks, Placed, Shape};
use lunch_parliament::sim::NetEvent;
use lunch_parliament::sim::{Messenger, MessengerId};
use lunch_parliament::synod::transcript::{describe_messenger, describe_node};
use lunch_parliament::synod::{Event, Msg, NodeId, Step, World};
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
    /// Presenting: the page's CSS draws nodes and messengers larger; labels are placed for that size.
    #[prop_or_default]
    pub presenting: bool,
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

fn acceptor_view(props: &Props, marks: &Marks<'_>, i: usize) -> Html {
    let w = &props.world;
    let id = NodeId::acceptor(i);
    let Some(a) = w.acceptors.get(i) else {
        return html! {};
    };
    let p = layout::acceptor(i, w.acceptors.len());
    let (onclick, onkeydown) = activate(&props.on_select, Target::Node(id));
    let picked = props.picking.as_ref().is_some_and(|q| q.contains(&id));
    let in_quorum = marks.running.contains_key(&id);
    let selected = props.selected == Some(Target::Node(id));
    let overlap = props.overlap.contains(&id);
    let promised = a
        .ledger
        .promised
        .map_or("no promise".to_string(), |r| format!("promised {r}"));
    let tags = labels::acceptor_tags(w, marks, i);
    let badge = labels::decided_badge(w, i);
    let shift = layout::tag_shift(i, w.acceptors.len());
    let class = classes!(
        "node",
        "acceptor",
        a.crashed.then_some("crashed"),
        in_quorum.then_some("in-quorum"),
        picked.then_some("picked"),
        selected.then_some("selected"),
        overlap.then_some("overlap")
    );
    html! {
        <g class={class} role="button" tabindex="0" aria-description={describe_node(w, id)} aria-pressed={selected.to_string()}
            data-node={id.to_string()} transform={format!("translate({} {}) scale({})", px(p.x), px(p.y), permille(layout::acceptor_scale(w.acceptors.len())))} {onclick} {onkeydown}>
            <circle class="halo" r="74" />
            if picked {
                <circle class="pick-ring" r="70" />
            }
            <circle class="seat" r="64" />
            <text class="name" y="-22">{ id.to_string() }</text>
            <text class="fact" y="4">{ promised }</text>
            <text class="fact vote" y="28">{ labels::vote_text(w, i) }</text>
            // Lists whose length changes are each one child (a fragment): Yew matches unkeyed children by
            // position from the end, so a longer or shorter list in the middle would re-create every
            // element before it.
            <>{ for tags.iter().enumerate().map(|(k, (class, words))| html! {
                <text class={classes!("tag", *class)} x={px(shift)} y={px(-(layout::TAG_Y + layout::TAG_STEP * k as f64))}>{ words.clone() }</text>
            }) }</>
            if let Some(b) = badge {
                <g class="decided" transform="translate(0 84)">
                    <rect x={px(-layout::text_width(&b, 18.0) / 2.0 - 10.0)} y="-14" width={px(layout::text_width(&b, 18.0) + 20.0)} height="28" rx="14" />
                    <text y="6">{ b }</text>
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
    let name = layout::shorten(
        &format!("{id} · likes {}", l.preference),
        labels::LEADER_NAME_PX,
        labels::LEADER_TEXT_W,
    );
    let lines = labels::leader_lines(w, i);
    let class = classes!(
        "node",
        "leader",
        l.crashed.then_some("crashed"),
        selected.then_some("selected")
    );
    html! {
        <g class={class} role="button" tabindex="0" aria-description={describe_node(w, id)} aria-pressed={selected.to_string()}
            data-node={id.to_string()} transform={format!("translate({} {})", px(p.x), px(p.y))} {onclick} {onkeydown}>
            <rect class="halo" x="-140" y="-64" width="280" height="128" rx="20" />
            <rect class="podium" x="-130" y="-54" width="260" height="108" rx="14" />
            <text class="name" y="-24">{ name }</text>
            <>{ for lines.into_iter().enumerate().map(|(k, (class, line))| html! {
                <text class={classes!("status", class)} y={px(-1.0 + 21.0 * k as f64)}>{ line }</text>
            }) }</>
        </g>
    }
}

fn chip(label: &str, note: Option<String>) -> Html {
    let w = layout::chip_width(label);
    html! {
        <>
            <rect class="chip" x={px(-w / 2.0)} y="-17" width={px(w)} height="34" rx="17" />
            <circle class="walker" cx={px(-w / 2.0 + 14.0)} cy="0" r="6" />
            <text class="label" x="7" y="6">{ label.to_string() }</text>
            if let Some(note) = note {
                <text class="voyage-note" y="38">{ note }</text>
            }
        </>
    }
}

fn messenger_view(props: &Props, m: &Messenger<NodeId, Msg>, at: Point, voyage: bool) -> Html {
    messenger_labelled(props, m, at, voyage, labels::label(m))
}

fn messenger_labelled(
    props: &Props,
    m: &Messenger<NodeId, Msg>,
    at: Point,
    voyage: bool,
    text: String,
) -> Html {
    let w = &props.world;
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
    let note = voyage.then(|| labels::voyage_note(m));
    html! {
        <g key={m.id.0.to_string()} class={class} role="button" tabindex="0" aria-label={describe_messenger(w, m)}
            aria-pressed={selected.to_string()} data-messenger={m.id.0.to_string()}
            transform={format!("translate({} {})", px(at.x), px(at.y))} {onclick} {onkeydown}>
            { chip(&text, note) }
        </g>
    }
}

fn counted_view(
    props: &Props,
    g: &Group<'_>,
    p: &Placed,
    open: bool,
    on_toggle: Callback<()>,
    zoom: labels::Zoom,
) -> Html {
    let w = &props.world;
    let k = w.leaders.len();
    let selected = g
        .members
        .iter()
        .any(|m| props.selected == Some(Target::Messenger(m.id)));
    let dir = g.direction();
    let names: Vec<String> = g.members.iter().map(|m| labels::label(m)).collect();
    let speakers = |ns: Vec<NodeId>| {
        ns.iter()
            .map(|n| n.speaker(k))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let aria = format!(
        "{} messengers from {} to {}{}: {}. Press to {} them.",
        g.members.len(),
        speakers(g.senders()),
        speakers(g.receivers()),
        if g.voyage { ", on a voyage" } else { "" },
        names.join(", "),
        if open { "hide" } else { "list" }
    );
    let onclick = {
        let t = on_toggle.clone();
        Callback::from(move |_: MouseEvent| t.emit(()))
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            e.stop_propagation();
            on_toggle.emit(());
        }
    });
    let top = p.at.y - p.block.h / 2.0 + layout::CHIP_H * zoom.chip / 2.0;
    html! {
        <g key={format!("group-{}", g.key)} class={classes!("messenger", "counted", dir, g.voyage.then_some("voyage"), selected.then_some("selected"))}
            role="button" tabindex="0" aria-label={aria} aria-expanded={open.to_string()} data-group={g.key.clone()}
            data-count={g.members.len().to_string()}
            transform={format!("translate({} {})", px(p.at.x), px(top))} {onclick} {onkeydown}>
            { chip(&labels::counted_label(g), g.voyage.then(|| "on a voyage".to_string())) }
        </g>
    }
}

fn list_label(m: &Messenger<NodeId, Msg>) -> String {
    format!("{} · {}→{}", labels::label(m), m.from, m.to)
}

/// A counted chip's messengers, listed one by one over the chamber while it is open: below the chip,
/// else above it, else beside it (in columns when there are many), never over the chip itself.
fn listed_view(props: &Props, g: &Group<'_>, p: &Placed, zoom: labels::Zoom) -> Html {
    let k = g.members.len();
    let step = (layout::CHIP_H + layout::CHIP_GAP) * zoom.chip;
    let per_column = ((HEIGHT - 20.0) / step).floor().max(1.0) as usize;
    let columns = k.div_ceil(per_column).max(1);
    let rows = k.min(per_column);
    let h = rows as f64 * step + 12.0;
    let col_w = g
        .members
        .iter()
        .map(|m| layout::chip_width(&list_label(m)))
        .fold(0.0, f64::max)
        * zoom.chip
        + 16.0;
    let w = col_w * columns as f64 + 8.0;
    let (chip_top, chip_bottom) = (p.at.y - p.block.h / 2.0, p.at.y + p.block.h / 2.0);
    let (left, top) = if chip_bottom + 6.0 + h <= HEIGHT - 4.0 {
        (p.at.x - w / 2.0, chip_bottom + 6.0)
    } else if chip_top - 6.0 - h >= 4.0 {
        (p.at.x - w / 2.0, chip_top - 6.0 - h)
    } else {
        let right_side = p.at.x + p.block.w / 2.0 + 8.0;
        let x = if right_side + w <= WIDTH - 4.0 {
            right_side
        } else {
            p.at.x - p.block.w / 2.0 - 8.0 - w
        };
        (
            x,
            (p.at.y - h / 2.0).clamp(4.0, (HEIGHT - h - 4.0).max(4.0)),
        )
    };
    let left = left.clamp(4.0, (WIDTH - w - 4.0).max(4.0));
    html! {
        <g key={format!("list-{}", g.key)} class="messenger-list" data-list={g.key.clone()}>
            <rect class="list-backdrop" x={px(left)} y={px(top)} width={px(w)} height={px(h)} rx="14" />
            { for g.members.iter().enumerate().map(|(j, m)| {
                let (c, r) = (j / per_column, j % per_column);
                let at = Point {
                    x: left + 4.0 + col_w * (c as f64 + 0.5),
                    y: top + 6.0 + layout::CHIP_H * zoom.chip / 2.0 + r as f64 * step,
                };
                // Listed away from their way: each says whom it goes between.
                messenger_labelled(props, m, at, g.voyage, list_label(m))
            }) }
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
            Event::Net(NetEvent::Delivered { id, to, msg, from }) => {
                let a = layout::node(*to, n, k);
                let b = layout::node(*from, n, k);
                let p = layout::along(a, b, 0.12, 0.0);
                Some((*id, p, msg.label(), "arriving"))
            }
            Event::Net(NetEvent::Lost { id, from, to, msg, .. }) => {
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

/// Scrolls a box that is wider than its view (the chamber on a phone) so that its middle shows.
pub fn centre_scroll(el: &web_sys::Element) {
    let spare = el.scroll_width() - el.client_width();
    if spare > 0 && el.scroll_left() == 0 {
        el.set_scroll_left(spare / 2);
    }
}

#[function_component(Chamber)]
pub fn chamber(props: &Props) -> Html {
    let open = use_state(|| None::<String>);
    let scroller = use_node_ref();
    {
        // On a phone the chamber is wider than the screen: open it on its middle.
        let scroller = scroller.clone();
        use_effect_with((), move |_| {
            if let Some(el) = scroller.cast::<web_sys::Element>() {
                centre_scroll(&el);
            }
        });
    }
    let w = &props.world;
    let (n, k) = (w.acceptors.len(), w.leaders.len());
    let table = labels::table_lines(w);
    let mut marks = Marks::new(w, props.picking.as_ref(), &props.overlap);
    if props.presenting {
        marks.zoom = labels::Zoom::PRESENTING;
    }
    let zoom = marks.zoom;
    // Quorum lines of the rounds running now.
    let quorum_lines: Vec<(Point, Point)> = marks
        .running
        .iter()
        .flat_map(|(a, ls)| {
            ls.iter()
                .map(move |l| (layout::node(*l, n, k), layout::node(*a, n, k)))
        })
        .collect();
    let obstacles = labels::obstacles(w, &marks, &table);
    let (gs, placed) = labels::plan(w, &obstacles, zoom);
    let mut messengers: Vec<Html> = leaving_views(props);
    let mut lists: Vec<Html> = Vec::new();
    for (g, p) in gs.iter().zip(placed.iter()) {
        match p.shape {
            Shape::Stack => {
                for (m, at) in g
                    .members
                    .iter()
                    .zip(labels::stack_points(p, g.members.len(), zoom))
                {
                    messengers.push(messenger_view(props, m, at, g.voyage));
                }
            }
            Shape::Counted => {
                let key = g.key.clone();
                let is_open = open.as_deref() == Some(key.as_str());
                let toggle = {
                    let open = open.clone();
                    Callback::from(move |_| {
                        open.set(if is_open { None } else { Some(key.clone()) })
                    })
                };
                messengers.push(counted_view(props, g, p, is_open, toggle, zoom));
                if is_open {
                    lists.push(listed_view(props, g, p, zoom));
                }
            }
        }
    }
    html! {
        <div class="chamber-scroll" ref={scroller}>
        <svg class="chamber-svg" viewBox={format!("0 0 {} {}", px(WIDTH), px(HEIGHT))} role="group" aria-label="The chamber">
            <defs>
                <pattern id="hatch" width="10" height="10" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                    <rect width="10" height="10" fill="#efe7db" />
                    <line x1="0" y1="0" x2="0" y2="10" stroke="#b9ab97" stroke-width="4" />
                </pattern>
            </defs>
            <ellipse class="table" cx={px(layout::TABLE_CENTRE.x)} cy={px(layout::TABLE_CENTRE.y)} rx={px(layout::TABLE_RX)} ry={px(layout::TABLE_RY)} />
            // Each list is one child (a fragment), so a list that grows or shrinks does not shift the
            // others: Yew matches unkeyed children by position, from the end.
            <>{ for table.iter().map(|l| html! {
                <text class={l.class} x={px(WIDTH / 2.0)} y={px(l.y)}>{ l.words.clone() }</text>
            }) }</>
            <>{ for quorum_lines.iter().map(|(a, b)| html! {
                <line class="quorum-line" x1={px(a.x)} y1={px(a.y)} x2={px(b.x)} y2={px(b.y)} />
            }) }</>
            <>{ for (0..k).map(|i| leader_view(props, i)) }</>
            <>{ for (0..n).map(|i| acceptor_view(props, &marks, i)) }</>
            <g class="messengers">
                { for messengers }
            </g>
            <g class="messenger-lists">
                { for lists }
            </g>
        </svg>
        </div>
    }
}
