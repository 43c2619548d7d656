//! The chamber's drawing plan, checked natively over whole presets: no messenger label covers a node
//! (its tags and badge included), a podium with its leader's name, the table or another label; podium
//! lines fit their box. (The browser test `e2e/labels.test.mjs` measures the same on screen.)
#![cfg(not(target_arch = "wasm32"))]

#[allow(dead_code)]
#[path = "../src/ui/layout.rs"]
mod layout;

#[allow(dead_code)]
#[path = "../src/ui/chamber/labels.rs"]
mod labels;

use layout::Rect;
use lunch_parliament::scenario::presets::{preset, presets};
use lunch_parliament::synod::{explain, Action, NodeId, World};
use std::collections::BTreeSet;

/// Every problem with the plan of `w`'s chamber, in words.
fn problems(w: &World, zoom: labels::Zoom) -> Vec<String> {
    let overlap: BTreeSet<NodeId> = explain::quorum_overlaps(w)
        .into_iter()
        .flat_map(|o| o.overlap)
        .collect();
    let mut marks = labels::Marks::new(w, None, &overlap);
    marks.zoom = zoom;
    let table = labels::table_lines(w);
    let obstacles = labels::obstacles(w, &marks, &table);
    let (gs, placed) = labels::plan(w, &obstacles, zoom);
    let mut out = Vec::new();
    let rects: Vec<Rect> = placed
        .iter()
        .map(|p| Rect::centered(p.at, p.block.w, p.block.h))
        .collect();
    for (i, r) in rects.iter().enumerate() {
        let what = format!("{} ({})", gs[i].key, gs[i].members.len());
        if layout::touches_table(r, 0.0) {
            out.push(format!("{what} covers the table"));
        }
        if let Some(o) = obstacles.iter().find(|o| o.intersects(r)) {
            out.push(format!("{what} covers {o:?}"));
        }
        if let Some(j) = rects[..i].iter().position(|o| o.intersects(r)) {
            out.push(format!("{what} covers the label of {}", gs[j].key));
        }
        if r.x0 < 0.0 || r.y0 < 0.0 || r.x1 > layout::WIDTH || r.y1 > layout::HEIGHT {
            out.push(format!("{what} leaves the chamber"));
        }
    }
    for i in 0..w.leaders.len() {
        for (_, line) in labels::leader_lines(w, i) {
            if layout::text_width(&line, labels::LEADER_PX) > labels::LEADER_TEXT_W {
                out.push(format!("L{} line too wide: {line}", i + 1));
            }
        }
    }
    out
}

/// Checks every `every`-th step of preset `id`, played `more` ticks past its recorded actions (as Play
/// does); returns the most messengers seen in flight at once.
fn check_preset(id: &str, every: usize, more: usize) -> usize {
    let s = preset(id)
        .and_then(|p| p.scenario().ok())
        .expect("preset builds");
    let mut h = s.replay().expect("replays");
    h.seek(h.len());
    for _ in 0..more {
        if h.act(Action::Tick).is_err() {
            break;
        }
    }
    let mut bad = Vec::new();
    let mut most = 0;
    let mut step = 0;
    while step <= h.len() {
        h.seek(step);
        let w = h.current();
        most = most.max(w.network.in_flight().len());
        for (zoom, how) in [
            (labels::Zoom::NORMAL, ""),
            (labels::Zoom::PRESENTING, " (presenting)"),
        ] {
            for p in problems(w, zoom) {
                bad.push(format!("{id} step {step}{how}: {p}"));
            }
        }
        step += every;
    }
    assert!(
        bad.is_empty(),
        "{} problems, first: {:#?}",
        bad.len(),
        &bad[..bad.len().min(12)]
    );
    most
}

#[test]
fn dueling_leaders_labels_never_pile_up() {
    let most = check_preset("dueling-leaders", 1, 400);
    assert!(most >= 4, "a duel keeps messengers in flight ({most})");
}

#[test]
fn busy_chamber_labels_never_pile_up() {
    let most = check_preset("busy-chamber", 1, 0);
    assert!(most >= 8, "a busy chamber ({most})");
}

#[test]
fn every_preset_labels_never_pile_up() {
    for p in presets() {
        check_preset(p.id, 1, 60);
    }
}

#[test]
fn podium_lines_wrap_and_shorten_to_fit() {
    let parts: Vec<(&str, String)> = vec![
        ("fact", "round 123456".into()),
        (
            "fact",
            "propose An extraordinarily long dish name, forty chars 2/3".into(),
        ),
        ("fact", "preempted".into()),
        ("fact timer", "times out in 12345".into()),
    ];
    let lines = layout::wrap(&parts, labels::LEADER_PX, labels::LEADER_TEXT_W, 3);
    assert!(lines.len() <= 3, "{lines:?}");
    for (_, l) in &lines {
        assert!(
            layout::text_width(l, labels::LEADER_PX) <= labels::LEADER_TEXT_W,
            "{l}"
        );
    }
    assert_eq!(lines[0].1, "round 123456");
    assert!(lines[1].1.ends_with('…'), "{lines:?}");
    // Short parts share a line.
    let short = layout::wrap(
        &[
            ("fact", "round 8".to_string()),
            ("fact", "prepare 1/2".to_string()),
        ],
        labels::LEADER_PX,
        labels::LEADER_TEXT_W,
        3,
    );
    assert_eq!(short, vec![("fact", "round 8 · prepare 1/2".to_string())]);
    assert_eq!(layout::shorten("x", 17.0, 0.0), "…");
}
