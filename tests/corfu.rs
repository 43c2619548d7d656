//! CORFU: each rule, every preset's transcript and final log, and property tests over random actions.
#![cfg(not(target_arch = "wasm32"))]

use lunch_parliament::corfu::explore::{choose, Choice};
use lunch_parliament::corfu::presets::{preset, presets};
use lunch_parliament::corfu::unit::Slot;
use lunch_parliament::corfu::{transcript, Action, Config, Msg, NodeId, Page, World};
use lunch_parliament::sim::{History, MessengerId, Simulation};
use proptest::prelude::*;

fn n(s: &str) -> NodeId {
    s.parse().expect("node name")
}

fn replay(id: &str) -> (Vec<String>, World) {
    let s = preset(id)
        .and_then(|p| p.scenario().ok())
        .expect("preset builds");
    let mut h = s.replay().expect("replays");
    h.seek(h.len());
    let lines = h
        .outcomes()
        .iter()
        .flat_map(transcript::step_lines)
        .collect();
    (lines, h.current().clone())
}

fn slot(w: &World, unit: &str, position: u64) -> Option<Slot> {
    w.units[n(unit).index()].pages.get(&position).cloned()
}

fn data(client: &str, value: &str) -> Option<Slot> {
    Some(Slot::Written(Page::Data {
        client: n(client),
        value: value.into(),
    }))
}

fn run(w: &mut World) -> Vec<String> {
    let mut out = Vec::new();
    while w.check(&Action::Tick).is_ok() {
        let s = w.apply(&Action::Tick).expect("tick");
        assert!(s.violations.is_empty(), "{:?}", s.violations);
        out.extend(transcript::step_lines(&s));
    }
    out
}

#[test]
fn hole_and_fill_transcript_and_final_log() {
    let (t, w) = replay("hole-and-fill");
    for line in [
        "… C2 crashed before writing position 1: a hole.",
        "C3 got position 2 (epoch 0).",
        "C1 finds position 1 unwritten and waits until time 42 before filling it.",
        "C1 waited for position 1, then filled it with junk.",
        "C1 read position 2: “sushi” (C3).",
    ] {
        assert!(t.contains(&line.to_string()), "missing {line}\n{t:#?}");
    }
    assert_eq!(slot(&w, "U1", 0), data("C1", "pizza"));
    assert_eq!(slot(&w, "U3", 1), Some(Slot::Written(Page::Junk)));
    assert_eq!(slot(&w, "U4", 1), Some(Slot::Written(Page::Junk)));
    assert_eq!(slot(&w, "U2", 2), data("C3", "sushi"));
}

#[test]
fn slow_writer_is_refused_and_retries() {
    let (t, w) = replay("slow-writer");
    let i = t
        .iter()
        .position(|l| l == "C1 waited for position 1, then filled it with junk.")
        .expect("fill");
    let j = t
        .iter()
        .position(|l| l == "C2's late write to 1 was refused: already written (junk).")
        .expect("refusal");
    assert!(i < j);
    assert!(t.contains(
        &"C2's append of “tacos” is acknowledged: position 2 is on its whole chain.".to_string()
    ));
    assert_eq!(slot(&w, "U4", 1), Some(Slot::Written(Page::Junk)));
    assert_eq!(slot(&w, "U2", 2), data("C2", "tacos"));
}

#[test]
fn reads_go_to_the_tail_of_alternating_chains() {
    let (t, _) = replay("reads-from-every-chain");
    let tails: Vec<&str> = t
        .iter()
        .filter(|l| l.starts_with("C2 reads position"))
        .map(|l| {
            if l.contains("from U2") {
                "U2"
            } else if l.contains("from U4") {
                "U4"
            } else {
                "?"
            }
        })
        .collect();
    assert_eq!(tails, ["U2", "U4", "U2", "U4"]);
    assert!(t.contains(&"C2 read position 3: “ramen” (C1).".to_string()));
}

#[test]
fn reconfiguration_seals_installs_and_rebuilds() {
    let (t, w) = replay("unit-crash-and-reconfigure");
    for line in [
        "C1 seals epoch 0 to install epoch 1, replacing U2 with U5.",
        "Epoch 1 is installed: chains [U1 U5] [U3 U4]; U5 copied U1's pages; the log's tail is position 2.",
        "The sequencer is rebuilt: epoch 1, next position 2.",
        "C3 reads position 1 from U4, the tail of its chain.",
        "C3's epoch was old: it fetches projection 1 and tries again.",
        "C3 read position 1: “tacos” (C2).",
    ] {
        assert!(t.contains(&line.to_string()), "missing {line}\n{t:#?}");
    }
    assert_eq!(w.projection().epoch, 1);
    assert_eq!(slot(&w, "U5", 2), data("C2", "sushi"));
    assert_eq!(w.units[n("U1").index()].epoch, 1);
}

#[test]
fn a_writer_crashing_after_the_head_is_completed_by_the_filler() {
    let mut w = World::new(Config::new(1)).expect("config");
    w.apply(&Action::Append {
        client: n("C1"),
        value: "pho".into(),
    })
    .expect("append");
    // Token request, token, head write: then C1 dies before writing the tail.
    for _ in 0..3 {
        w.apply(&Action::Tick).expect("tick");
    }
    assert_eq!(slot(&w, "U1", 0), data("C1", "pho"));
    w.apply(&Action::Crash(n("C1"))).expect("crash");
    run(&mut w);
    assert_eq!(slot(&w, "U2", 0), None, "only the head has it");
    w.apply(&Action::Read {
        client: n("C2"),
        position: 0,
    })
    .expect("read");
    let t = run(&mut w);
    assert!(
        t.contains(
            &"C2 completed position 0's chain with “pho” (C1), found at the head.".to_string()
        ),
        "{t:#?}"
    );
    assert_eq!(slot(&w, "U2", 0), data("C1", "pho"));
}

#[test]
fn trim_and_sealed_errors_are_values() {
    let mut w = World::new(Config::new(2)).expect("config");
    w.apply(&Action::Append {
        client: n("C1"),
        value: "a".into(),
    })
    .expect("append");
    run(&mut w);
    w.apply(&Action::Trim { upto: 1 }).expect("trim");
    w.apply(&Action::Read {
        client: n("C2"),
        position: 0,
    })
    .expect("read");
    let t = run(&mut w);
    assert!(
        t.contains(&"C2 cannot read position 0: trimmed.".to_string()),
        "{t:#?}"
    );
    let bad = [
        (
            Action::Read {
                client: n("C9"),
                position: 0,
            },
            "C9 is not a client of this log (C1..C3)",
        ),
        (
            Action::Deliver(lunch_parliament::sim::MessengerId(999)),
            "messenger #999 is not in flight",
        ),
        (
            Action::Reconfigure {
                client: n("C1"),
                replace: Some((n("U1"), n("U2"))),
            },
            "U2 is not a spare unit",
        ),
        (
            Action::Append {
                client: n("C1"),
                value: " ".into(),
            },
            "an entry needs 1 to 40 printable characters",
        ),
    ];
    let before = w.clone();
    for (a, msg) in bad {
        assert_eq!(
            w.apply(&a).map(|_| ()).map_err(|e| e.to_string()),
            Err(msg.to_string())
        );
    }
    assert_eq!(w, before);
}

#[test]
fn every_preset_opens_and_has_no_violation() {
    for p in presets() {
        let (t, _) = replay(p.id);
        assert!(t.iter().all(|l| !l.starts_with("!!")), "{}", p.id);
    }
}

fn config() -> impl Strategy<Value = Config> {
    (
        prop_oneof![
            Just((4usize, 2usize)),
            Just((2, 1)),
            Just((6, 3)),
            Just((6, 2)),
            Just((3, 1))
        ],
        0usize..=2,
        1usize..=4,
        any::<u64>(),
        1u64..30,
    )
        .prop_map(
            |((units, replicas), spares, clients, seed, fill_after)| Config {
                units,
                replicas,
                spares,
                clients,
                latency: lunch_parliament::synod::Latency { min: 1, max: 4 },
                seed,
                fill_after,
                variant: lunch_parliament::corfu::Variant::Correct,
            },
        )
}

/// 200 random runs, or `PROPTEST_CASES` of them (an explicit `cases` would otherwise override it).
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn random_runs_keep_every_invariant_and_replay_exactly(
        config in config(),
        moves in prop::collection::vec((any::<u32>(), any::<u32>(), any::<u32>()), 1..300),
    ) {
        let mut h = History::new(World::new(config.clone()).expect("valid config"));
        for (k, t, d) in moves {
            let Some(a) = choose(h.current(), Choice { kind: k, target: t, detail: d }) else { continue };
            h.act(a.clone()).expect("chosen actions apply");
            let step = h.outcomes().last().expect("recorded");
            prop_assert!(step.violations.is_empty(), "{a} broke {:?}", step.violations);
        }
        let mut again = History::new(World::new(config).expect("valid"));
        for a in h.actions() {
            again.act(a.clone()).expect("replays");
        }
        prop_assert_eq!(again.full_digest(), h.full_digest());
        prop_assert_eq!(again.current(), h.current());
        let end = h.current().clone();
        h.seek(h.len() / 2);
        h.seek(h.len());
        prop_assert_eq!(h.current(), &end);
    }
}

#[test]
fn a_writer_stuck_on_a_crashed_unit_retries_after_reconfiguration() {
    let mut w = World::new(Config::new(3)).expect("config");
    w.apply(&Action::Crash(n("U2"))).expect("crash");
    w.apply(&Action::Append {
        client: n("C1"),
        value: "ramen".into(),
    })
    .expect("append");
    // Token, head write, then the write to U2 is lost: C1 is stuck until it retries.
    for _ in 0..6 {
        if w.check(&Action::Tick).is_ok() {
            w.apply(&Action::Tick).expect("tick");
        }
    }
    assert_eq!(slot(&w, "U1", 0), data("C1", "ramen"));
    w.apply(&Action::Reconfigure {
        client: n("C2"),
        replace: Some((n("U2"), n("U5"))),
    })
    .expect("reconfigure");
    let t = run(&mut w);
    assert!(
        t.contains(&"C1 heard nothing back in time and tries again.".to_string()),
        "{t:#?}"
    );
    assert!(
        t.contains(&"C1's epoch was old: it fetches projection 1 and tries again.".to_string()),
        "{t:#?}"
    );
    assert!(
        t.contains(
            &"C1's append of “ramen” is acknowledged: position 0 is on its whole chain."
                .to_string()
        ),
        "{t:#?}"
    );
    assert_eq!(slot(&w, "U5", 0), data("C1", "ramen"));
}

#[test]
fn only_one_of_two_rival_reconfigurations_installs_the_epoch() {
    let mut w = World::new(Config::new(4)).expect("config");
    for (client, old) in [("C1", "U2"), ("C2", "U4")] {
        w.apply(&Action::Reconfigure {
            client: n(client),
            replace: Some((n(old), n("U5"))),
        })
        .expect("reconfigure");
    }
    let t = run(&mut w);
    let installed: Vec<&String> = t
        .iter()
        .filter(|l| l.starts_with("Epoch 1 is installed"))
        .collect();
    assert_eq!(installed.len(), 1, "{t:#?}");
    assert_eq!(w.projections.len(), 2, "{t:#?}");
    assert!(
        t.iter()
            .any(|l| l.ends_with("cannot install epoch 1: another client installed it first.")),
        "{t:#?}"
    );
    let units = w.projection().units();
    assert_eq!(
        units.iter().filter(|u| **u == n("U5")).count(),
        1,
        "{units:?}"
    );
}

/// The one messenger in flight whose message `pick` matches.
fn flying(w: &World, pick: impl Fn(&Msg) -> bool) -> MessengerId {
    let ids: Vec<MessengerId> = w
        .network
        .in_flight()
        .iter()
        .filter(|m| pick(&m.payload))
        .map(|m| m.id)
        .collect();
    assert_eq!(ids.len(), 1, "{:?}", w.network.in_flight());
    ids[0]
}

/// Delivers the one messenger whose message `pick` matches; the step's transcript.
fn deliver(w: &mut World, pick: impl Fn(&Msg) -> bool) -> Vec<String> {
    let id = flying(w, pick);
    let s = w.apply(&Action::Deliver(id)).expect("deliver");
    assert!(s.violations.is_empty(), "{:?}", s.violations);
    transcript::step_lines(&s)
}

#[test]
fn a_late_copy_of_a_fill_reply_does_not_acknowledge_a_later_append() {
    // One unit per chain: position 0 lives on U1 alone.
    let mut w = World::new(Config {
        units: 2,
        replicas: 1,
        spares: 0,
        clients: 2,
        latency: lunch_parliament::synod::Latency { min: 1, max: 4 },
        seed: 7,
        fill_after: 1,
        variant: lunch_parliament::corfu::Variant::Correct,
    })
    .expect("config");
    // C2 is given position 0 (its token is on the way), so 0 is a position a reader may fill.
    w.apply(&Action::Append {
        client: n("C2"),
        value: "v1".into(),
    })
    .expect("append");
    deliver(&mut w, |m| matches!(m, Msg::TokenRequest { .. }));
    w.apply(&Action::Fill {
        client: n("C1"),
        position: 0,
    })
    .expect("fill");
    deliver(&mut w, |m| matches!(m, Msg::Read { .. }));
    deliver(&mut w, |m| matches!(m, Msg::ReadRefused { .. }));
    deliver(&mut w, |m| matches!(m, Msg::Write { .. }));
    // The unit's "written 0" is copied; the copy arrives first and ends the fill.
    let written = flying(&w, |m| matches!(m, Msg::Written { .. }));
    w.apply(&Action::Duplicate(written)).expect("duplicate");
    let copy = w
        .network
        .in_flight()
        .iter()
        .filter(|m| matches!(m.payload, Msg::Written { .. }))
        .map(|m| m.id)
        .find(|id| *id != written)
        .expect("the copy");
    let s = w.apply(&Action::Deliver(copy)).expect("deliver the copy");
    // C1 was asked to fill at once: it never waited for a writer.
    assert!(transcript::step_lines(&s).contains(&"C1 filled position 0 with junk.".to_string()));
    w.apply(&Action::Append {
        client: n("C1"),
        value: "v9".into(),
    })
    .expect("append");
    deliver(&mut w, |m| matches!(m, Msg::TokenRequest { .. }));
    deliver(&mut w, |m| matches!(m, Msg::Token { position: 1, .. }));
    // The late original "written 0" answers the fill, not the write of "v9".
    let t = w
        .apply(&Action::Deliver(written))
        .expect("deliver the original");
    assert!(t.violations.is_empty(), "{:?}", t.violations);
    assert!(t
        .events
        .iter()
        .all(|e| !matches!(e, lunch_parliament::corfu::Event::Appended { .. })));
    let t = run(&mut w);
    // Position 0 was filled before C2 ever held its token: not a late write.
    assert!(
        t.contains(
            &"C2's write to 0 was refused: already written (junk) before C2 got its token."
                .to_string()
        ),
        "{t:#?}"
    );
    assert!(t.iter().all(|l| !l.contains("late write")), "{t:#?}");
    assert!(
        t.contains(
            &"C1's append of “v9” is acknowledged: position 1 is on its whole chain.".to_string()
        ),
        "{t:#?}"
    );
    assert_eq!(slot(&w, "U2", 1), data("C1", "v9"));
}

#[test]
fn a_write_retried_in_a_new_projection_starts_again_at_the_head() {
    let mut w = World::new(Config::new(3)).expect("config");
    w.apply(&Action::Append {
        client: n("C1"),
        value: "pho".into(),
    })
    .expect("append");
    deliver(&mut w, |m| matches!(m, Msg::TokenRequest { .. }));
    deliver(&mut w, |m| matches!(m, Msg::Token { .. }));
    deliver(&mut w, |m| matches!(m, Msg::Write { .. }));
    deliver(&mut w, |m| matches!(m, Msg::Written { .. }));
    // The write to the tail U2 is lost; the head U1 is replaced by U5, which copies U2 (without it).
    let tail_write = flying(&w, |m| matches!(m, Msg::Write { .. }));
    w.apply(&Action::Drop(tail_write)).expect("drop");
    w.apply(&Action::Reconfigure {
        client: n("C2"),
        replace: Some((n("U1"), n("U5"))),
    })
    .expect("reconfigure");
    let t = run(&mut w);
    assert!(
        t.contains(&"U5 writes position 0: “pho” (C1).".to_string()),
        "{t:#?}"
    );
    assert!(
        t.contains(
            &"C1's append of “pho” is acknowledged: position 0 is on its whole chain.".to_string()
        ),
        "{t:#?}"
    );
    assert_eq!(slot(&w, "U5", 0), data("C1", "pho"));
    assert_eq!(slot(&w, "U2", 0), data("C1", "pho"));
}

#[test]
fn a_unit_back_from_an_earlier_projection_starts_afresh() {
    let mut w = World::new(Config::new(5)).expect("config");
    w.apply(&Action::Append {
        client: n("C1"),
        value: "pho".into(),
    })
    .expect("append");
    deliver(&mut w, |m| matches!(m, Msg::TokenRequest { .. }));
    deliver(&mut w, |m| matches!(m, Msg::Token { .. }));
    deliver(&mut w, |m| matches!(m, Msg::Write { .. }));
    // C1 dies with "pho" on the head U1 only; U1 leaves the projection, then comes back in place of U5.
    w.apply(&Action::Crash(n("C1"))).expect("crash");
    for (old, new) in [("U1", "U5"), ("U5", "U1")] {
        w.apply(&Action::Reconfigure {
            client: n("C2"),
            replace: Some((n(old), n(new))),
        })
        .expect("reconfigure");
        run(&mut w);
    }
    assert_eq!(
        slot(&w, "U1", 0),
        None,
        "U1 copied U2, which never had position 0"
    );
    // The rebuilt sequencer starts at 0 again; C3 is given 0 and crashes with its token on the way.
    w.apply(&Action::Append {
        client: n("C3"),
        value: "tacos".into(),
    })
    .expect("append");
    deliver(&mut w, |m| matches!(m, Msg::TokenRequest { .. }));
    w.apply(&Action::Crash(n("C3"))).expect("crash");
    w.apply(&Action::Fill {
        client: n("C2"),
        position: 0,
    })
    .expect("fill");
    let t = run(&mut w);
    assert!(
        t.contains(&"C2 filled position 0 with junk.".to_string()),
        "{t:#?}"
    );
    assert_eq!(slot(&w, "U1", 0), Some(Slot::Written(Page::Junk)));
}

#[test]
fn a_hole_is_a_position_handed_out_that_nobody_will_write() {
    use lunch_parliament::corfu::world::PositionState;
    let s = preset("hole-and-fill")
        .and_then(|p| p.scenario().ok())
        .expect("preset builds");
    let mut h = s.replay().expect("replays");
    h.seek(0);
    assert_eq!(h.current().position_state(1), PositionState::Free);
    // Forward to C2's crash: position 1 was handed out, its token died with C2.
    let crash = h
        .outcomes()
        .iter()
        .position(|o| {
            o.events.iter().any(|e| {
                matches!(e, lunch_parliament::corfu::Event::Crashed { node, .. } if *node == n("C2"))
            })
        })
        .expect("C2 crashes");
    h.seek(crash + 1);
    let w = h.current();
    assert_eq!(w.position_state(1), PositionState::Hole);
    assert_eq!(w.position_state(0), PositionState::Written);
    // Nobody has been given position 5: not a hole, just free.
    assert_eq!(w.position_state(5), PositionState::Free);
    h.seek(h.len());
    assert_eq!(h.current().position_state(1), PositionState::Written);
}

/// C1 appends "pho" on a 1-client log until its write to the head is on the way.
fn writer_with_a_write_in_flight() -> World {
    let mut w = World::new(Config::new(11)).expect("config");
    w.apply(&Action::Append {
        client: n("C1"),
        value: "pho".into(),
    })
    .expect("append");
    deliver(&mut w, |m| matches!(m, Msg::TokenRequest { .. }));
    deliver(&mut w, |m| matches!(m, Msg::Token { .. }));
    flying(&w, |m| matches!(m, Msg::Write { .. }));
    w
}

#[test]
fn a_writer_crashing_with_its_write_in_flight_leaves_no_hole_yet() {
    use lunch_parliament::corfu::world::PositionState;
    let mut w = writer_with_a_write_in_flight();
    assert_eq!(w.position_state(0), PositionState::Held(n("C1")));
    let s = w.apply(&Action::Crash(n("C1"))).expect("crash");
    let t = transcript::step_lines(&s);
    assert_eq!(
        t,
        ["… C1 crashed with its write to position 0 still on the way."],
        "{t:#?}"
    );
    assert_eq!(w.position_state(0), PositionState::Landing);
    // The write lands after all: position 0 holds C1's entry, never a hole.
    let mut landed = w.clone();
    deliver(&mut landed, |m| matches!(m, Msg::Write { .. }));
    assert_eq!(landed.position_state(0), PositionState::Written);
    assert_eq!(slot(&landed, "U1", 0), data("C1", "pho"));
    // Dropped instead, it leaves a hole.
    let write = flying(&w, |m| matches!(m, Msg::Write { .. }));
    w.apply(&Action::Drop(write)).expect("drop");
    assert_eq!(w.position_state(0), PositionState::Hole);
}

#[test]
fn a_writer_crashing_with_its_token_unused_leaves_a_hole() {
    let mut w = writer_with_a_write_in_flight();
    let write = flying(&w, |m| matches!(m, Msg::Write { .. }));
    w.apply(&Action::Drop(write)).expect("drop");
    let s = w.apply(&Action::Crash(n("C1"))).expect("crash");
    assert_eq!(
        transcript::step_lines(&s),
        ["… C1 crashed before writing position 0: a hole."]
    );
}

#[test]
fn a_fill_after_a_real_wait_says_so_and_one_at_once_does_not() {
    let mut w = World::new(Config::new(12)).expect("config");
    // C3 is given positions 0 and 1 and crashes each time with its token on the way: two holes.
    for v in ["a", "b"] {
        w.apply(&Action::Append {
            client: n("C3"),
            value: v.into(),
        })
        .expect("append");
        deliver(&mut w, |m| matches!(m, Msg::TokenRequest { .. }));
        w.apply(&Action::Crash(n("C3"))).expect("crash");
        w.apply(&Action::Recover(n("C3"))).expect("recover");
    }
    w.apply(&Action::Read {
        client: n("C1"),
        position: 0,
    })
    .expect("read");
    let t = run(&mut w);
    assert!(
        t.iter()
            .any(|l| l.starts_with("C1 finds position 0 unwritten and waits until time")),
        "{t:#?}"
    );
    assert!(
        t.contains(&"C1 waited for position 0, then filled it with junk.".to_string()),
        "{t:#?}"
    );
    w.apply(&Action::Fill {
        client: n("C2"),
        position: 1,
    })
    .expect("fill");
    let t = run(&mut w);
    assert!(
        t.contains(&"C2 filled position 1 with junk.".to_string()),
        "{t:#?}"
    );
    assert!(t.iter().all(|l| !l.contains("waited")), "{t:#?}");
}

#[test]
fn a_client_with_an_old_projection_only_names_units_it_knows() {
    let mut w = World::new(Config::new(13)).expect("config");
    w.apply(&Action::Append {
        client: n("C1"),
        value: "pizza".into(),
    })
    .expect("append");
    run(&mut w);
    w.apply(&Action::Crash(n("U2"))).expect("crash");
    w.apply(&Action::Reconfigure {
        client: n("C1"),
        replace: Some((n("U2"), n("U5"))),
    })
    .expect("reconfigure");
    run(&mut w);
    assert_eq!(w.clients[n("C3").index()].epoch, 0, "C3 knows only epoch 0");
    let read = w
        .apply(&Action::Read {
            client: n("C3"),
            position: 0,
        })
        .expect("read");
    let mut t = transcript::step_lines(&read);
    t.extend(run(&mut w));
    // Epoch 0's chain for position 0 is U1, U2: C3 cannot know U5 until it refreshes.
    let refresh = t
        .iter()
        .position(|l| l == "C3's epoch was old: it fetches projection 1 and tries again.")
        .unwrap_or_else(|| panic!("{t:#?}"));
    assert!(t[..refresh].iter().all(|l| !l.contains("U5")), "{t:#?}");
    assert!(
        t[..refresh].contains(&"C3 reads position 0 from U2, the tail of its chain.".to_string()),
        "{t:#?}"
    );
    assert!(
        t[refresh..].contains(&"C3 read position 0: “pizza” (C1).".to_string()),
        "{t:#?}"
    );
}

#[test]
fn a_writer_that_held_its_token_before_the_fill_writes_late() {
    let (t, _) = replay("slow-writer");
    assert!(t.contains(&"C2's late write to 1 was refused: already written (junk).".to_string()));
    assert!(
        t.iter().all(|l| !l.contains("before C2 got its token")),
        "{t:#?}"
    );
}

// ---- CORFU made right (issue 11): each test fails on the behaviour it fixes. ----

/// Every unit holding `value` (data from any client), as (unit, position).
fn holding(w: &World, value: &str) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for (i, u) in w.units.iter().enumerate() {
        for (p, s) in &u.pages {
            if matches!(s, Slot::Written(Page::Data { value: v, .. }) if v == value) {
                out.push((NodeId::unit(i).to_string(), *p));
            }
        }
    }
    out
}

#[test]
fn a_fully_trimmed_log_takes_appends_after_a_reconfiguration() {
    let mut w = World::new(Config::new(21)).expect("config");
    w.apply(&Action::Append {
        client: n("C1"),
        value: "pizza".into(),
    })
    .expect("append");
    run(&mut w);
    // Trim the whole log (position 0), then seal and install epoch 1: the seal must count the trimmed
    // position as written, or the rebuilt sequencer hands out position 0 again.
    w.apply(&Action::Trim { upto: 1 }).expect("trim");
    w.apply(&Action::Reconfigure {
        client: n("C1"),
        replace: None,
    })
    .expect("reconfigure");
    let t = run(&mut w);
    assert!(
        t.contains(&"The sequencer is rebuilt: epoch 1, next position 1.".to_string()),
        "{t:#?}"
    );
    w.apply(&Action::Append {
        client: n("C2"),
        value: "tacos".into(),
    })
    .expect("append");
    let t = run(&mut w);
    assert!(
        t.contains(
            &"C2's append of “tacos” is acknowledged: position 1 is on its whole chain."
                .to_string()
        ),
        "{t:#?}"
    );
    assert_eq!(slot(&w, "U4", 1), data("C2", "tacos"));
}

#[test]
fn an_append_refused_as_trimmed_retries_and_trim_stops_at_the_tail() {
    let mut w = World::new(Config::new(22)).expect("config");
    w.apply(&Action::Append {
        client: n("C1"),
        value: "pho".into(),
    })
    .expect("append");
    deliver(&mut w, |m| matches!(m, Msg::TokenRequest { .. }));
    deliver(&mut w, |m| matches!(m, Msg::Token { .. }));
    // Position 0 is trimmed while C1's write to it is on the way.
    w.apply(&Action::Trim { upto: 1 }).expect("trim");
    let t = run(&mut w);
    assert!(
        t.contains(
            &"U1 refuses C1's write to 0: trimmed. C1 asks the sequencer for a new position."
                .to_string()
        ),
        "{t:#?}"
    );
    assert!(t.iter().all(|l| !l.contains("cannot read")), "{t:#?}");
    assert!(
        t.contains(
            &"C1's append of “pho” is acknowledged: position 1 is on its whole chain.".to_string()
        ),
        "{t:#?}"
    );
    assert_eq!(slot(&w, "U4", 1), data("C1", "pho"));
    // The sequencer's next position is 2: trimming below 2 is fine, below 3 is not, and changes nothing.
    let before = w.clone();
    assert_eq!(
        w.apply(&Action::Trim { upto: 3 })
            .map(|_| ())
            .map_err(|e| e.to_string()),
        Err(
            "cannot trim below 3: the log's tail is position 2, and nobody has been given a position from there on"
                .to_string()
        )
    );
    assert_eq!(w, before);
    w.apply(&Action::Trim { upto: 2 })
        .expect("trim to the tail");
}

#[test]
fn a_writer_refused_as_sealed_finishes_the_same_position() {
    let mut w = World::new(Config::new(23)).expect("config");
    w.apply(&Action::Append {
        client: n("C1"),
        value: "pho".into(),
    })
    .expect("append");
    deliver(&mut w, |m| matches!(m, Msg::TokenRequest { .. }));
    deliver(&mut w, |m| matches!(m, Msg::Token { .. }));
    deliver(&mut w, |m| matches!(m, Msg::Write { .. }));
    deliver(&mut w, |m| matches!(m, Msg::Written { .. }));
    // "pho" is on the head U1; its write to the tail U2 waits while C2 seals epoch 0.
    let tail_write = flying(&w, |m| matches!(m, Msg::Write { .. }));
    w.apply(&Action::Delay {
        id: tail_write,
        by: 20,
    })
    .expect("delay");
    w.apply(&Action::Reconfigure {
        client: n("C2"),
        replace: None,
    })
    .expect("reconfigure");
    let mut t = run(&mut w);
    // A reader then reads every position the log has.
    for p in 0..2 {
        w.apply(&Action::Read {
            client: n("C3"),
            position: p,
        })
        .expect("read");
        t.extend(run(&mut w));
    }
    assert!(
        t.contains(&"U2 refuses C1's write to 0: sealed (epoch 1).".to_string()),
        "{t:#?}"
    );
    assert!(
        t.contains(
            &"C1's append of “pho” is acknowledged: position 0 is on its whole chain.".to_string()
        ),
        "{t:#?}"
    );
    // One append, one position: "pho" is nowhere but position 0.
    assert_eq!(
        holding(&w, "pho"),
        [("U1".to_string(), 0), ("U2".to_string(), 0)],
        "{t:#?}"
    );
    assert!(
        lunch_parliament::corfu::invariants::Invariant::ALL
            .iter()
            .any(|i| i.name() == "each_append_at_one_position"),
        "the invariant that catches the old behaviour is checked"
    );
}

#[test]
fn a_reader_fills_only_below_the_tail() {
    let mut w = World::new(Config::new(24)).expect("config");
    w.apply(&Action::Append {
        client: n("C1"),
        value: "pizza".into(),
    })
    .expect("append");
    run(&mut w);
    // The sequencer's next position is 1: nobody has been given position 3.
    w.apply(&Action::Read {
        client: n("C2"),
        position: 3,
    })
    .expect("read");
    let t = run(&mut w);
    assert!(
        t.contains(
            &"C2 finds position 3 unwritten: the log's tail is position 1, so nobody has been given it yet and there is no hole to fill."
                .to_string()
        ),
        "{t:#?}"
    );
    assert!(
        t.iter()
            .all(|l| !l.contains("filled") && !l.contains("waits")),
        "{t:#?}"
    );
    assert_eq!(slot(&w, "U4", 3), None);
    // Filling it by hand is refused too, and changes nothing.
    let before = w.clone();
    assert_eq!(
        w.apply(&Action::Fill {
            client: n("C2"),
            position: 3
        })
        .map(|_| ())
        .map_err(|e| e.to_string()),
        Err(
            "position 3 is at or past the log's tail (position 1): nobody has been given it, so there is no hole to fill"
                .to_string()
        )
    );
    assert_eq!(w, before);
    // The next appends take positions 1, 2 and 3 as usual.
    for v in ["tacos", "sushi", "ramen"] {
        w.apply(&Action::Append {
            client: n("C3"),
            value: v.into(),
        })
        .expect("append");
        run(&mut w);
    }
    assert_eq!(slot(&w, "U4", 3), data("C3", "ramen"));
}

/// Any CORFU action at all, most of them invalid in most worlds: unknown nodes, messengers not in
/// flight, positions past the tail, bad entries, replacements that are not spares.
fn raw_action() -> impl Strategy<Value = Action> {
    let node = prop_oneof![
        Just(NodeId::Sequencer),
        (0usize..10).prop_map(NodeId::unit),
        (0usize..6).prop_map(NodeId::client),
    ];
    let id = (0u64..80).prop_map(MessengerId);
    let position = prop_oneof![
        0u64..12,
        Just(1_000_000u64),
        Just(1_000_001),
        Just(u64::MAX)
    ];
    let value = prop_oneof![
        Just(String::new()),
        Just(" ".to_string()),
        Just("pizza".to_string()),
        Just("x".repeat(41)),
        Just("a\tb".to_string()),
        "[a-z]{1,8}",
    ];
    prop_oneof![
        id.clone().prop_map(Action::Deliver),
        id.clone().prop_map(Action::Drop),
        id.clone().prop_map(Action::Duplicate),
        (id, prop_oneof![Just(0u64), 1u64..100, Just(u64::MAX)])
            .prop_map(|(id, by)| Action::Delay { id, by }),
        node.clone().prop_map(Action::Crash),
        node.clone().prop_map(Action::Recover),
        (node.clone(), value).prop_map(|(client, value)| Action::Append { client, value }),
        (node.clone(), position.clone())
            .prop_map(|(client, position)| Action::Read { client, position }),
        (node.clone(), position.clone())
            .prop_map(|(client, position)| Action::Fill { client, position }),
        (node.clone(), prop::option::of((node.clone(), node)))
            .prop_map(|(client, replace)| { Action::Reconfigure { client, replace } }),
        position.prop_map(|upto| Action::Trim { upto }),
        Just(Action::Tick),
    ]
}

#[derive(Clone, Debug)]
enum Move {
    Chosen(u32, u32, u32),
    Raw(Action),
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    /// As the Synod's `tests/properties.rs` does: a refused action changes nothing, not even the
    /// messengers or the random generator; an accepted one breaks no invariant.
    #[test]
    fn a_refused_action_changes_nothing(
        config in config(),
        moves in prop::collection::vec(
            prop_oneof![
                3 => (any::<u32>(), any::<u32>(), any::<u32>()).prop_map(|(k, t, d)| Move::Chosen(k, t, d)),
                1 => raw_action().prop_map(Move::Raw),
            ],
            1..250,
        ),
    ) {
        let mut h = History::new(World::new(config).expect("valid config"));
        let mut refused = 0;
        for m in moves {
            let action = match m {
                Move::Chosen(k, t, d) => match choose(h.current(), Choice { kind: k, target: t, detail: d }) {
                    Some(a) => a,
                    None => continue,
                },
                Move::Raw(a) => a,
            };
            let before = h.current().clone();
            let len = h.len();
            let digest = h.digest();
            match h.act(action.clone()) {
                Ok(_) => {
                    let step = h.outcomes().last().expect("recorded");
                    prop_assert!(step.violations.is_empty(), "{action} broke {:?}", step.violations);
                }
                Err(e) => {
                    refused += 1;
                    prop_assert!(!e.to_string().is_empty(), "{action} was refused without a reason");
                    prop_assert_eq!(h.current(), &before, "a refused {} changed the world", action);
                    prop_assert_eq!(h.len(), len);
                    prop_assert_eq!(h.digest(), digest);
                }
            }
        }
        let _ = refused;
    }
}
