//! The exhaustive checker (src/sim/check.rs) on Multi-Paxos (src/multipaxos/check.rs). Correct
//! Multi-Paxos has no violation in the standard scope (rival leaders, two canteens that may propose
//! different dishes for Monday) nor with three acceptors. In the same standard scope each broken
//! variant breaks its property in the fewest steps,
//! and the real world replays the counterexample's scenario file to the same broken property:
//! `out_of_order` (a canteen serves a day before the days before it) breaks `same_served_prefix`,
//! `old_ballot` (an acceptor accepts a p2a below its ballot) breaks `one_order_per_slot`. The state
//! counts are exact, so a change that shrinks the explored space is noticed.

use lunch_parliament::multipaxos::check::Scope;
use lunch_parliament::multipaxos::{Invariant, MultiPaxos, Variant};
use lunch_parliament::scenario::ScenarioFile;
use lunch_parliament::sim::check::Checkable;

mod common;
use common::{holds, parliament, run};

/// `variant`, in its scope, breaks `invariant` in `moves` moves (after `states` states), and no
/// run of fewer moves breaks anything; the counterexample's scenario file, read back from its text
/// as `parliament replay` reads it, breaks `invariant` at its last step and not before.
fn breaks(variant: Variant, invariant: Invariant, moves: usize, states: usize) {
    let scope = Scope::of(variant);
    let r = run::<MultiPaxos>(&scope, usize::MAX);
    let v = r.violation.expect("a violation");
    assert_eq!(v.invariant, invariant, "{scope}: {}", v.why);
    assert_eq!(v.moves.len(), moves, "{scope}: moves");
    assert_eq!(r.states, states, "{scope}: states explored");

    let shorter = run::<MultiPaxos>(&scope, moves - 1);
    assert!(
        shorter.violation.is_none(),
        "{scope}: a shorter counterexample"
    );

    let actions = v.actions(&scope).expect("the real world follows the path");
    let title = format!("{} breaks {}", variant.name(), v.invariant);
    let file = ScenarioFile::<MultiPaxos>::new(&title, MultiPaxos::scope_config(&scope), actions)
        .to_json();
    let (_, h) = ScenarioFile::<MultiPaxos>::load(&file).expect("the file replays");
    let (last, before) = h.outcomes().split_last().expect("it has steps");
    assert!(
        last.violations.iter().any(|x| x.invariant == invariant),
        "the last step breaks {invariant}: {:?}",
        last.violations
    );
    assert!(
        before.iter().all(|s| s.violations.is_empty()),
        "only the last step breaks a property"
    );
}

#[test]
fn correct_multipaxos_has_no_violation_in_the_standard_scope() {
    // Rival leaders, and two canteens that may propose different dishes for Monday.
    holds::<MultiPaxos>(&Scope::default(), 156_468);
}

#[test]
fn correct_multipaxos_has_no_violation_with_three_acceptors() {
    // One leader, a quorum of two acceptors out of three, two days decided and served.
    holds::<MultiPaxos>(
        &Scope {
            clients: 1,
            orders: 2,
            leaders: 1,
            acceptors: 3,
            ..Scope::default()
        },
        60_529,
    );
}

#[test]
fn out_of_order_breaks_same_served_prefix_in_the_fewest_steps_and_the_real_world_replays_it() {
    breaks(Variant::OutOfOrder, Invariant::SameServedPrefix, 15, 6_681);
}

#[test]
fn old_ballot_breaks_one_order_per_slot_in_the_fewest_steps_and_the_real_world_replays_it() {
    breaks(Variant::OldBallot, Invariant::OneOrderPerSlot, 16, 9_975);
}

#[test]
fn the_cli_searches_every_variant_writes_the_counterexample_and_replay_shows_it_broken() {
    let (code, out, err) = parliament(&[
        "check",
        "--exhaustive",
        "--protocol",
        "multipaxos",
        "--variant",
        "all",
    ]);
    assert_eq!(code, 1, "a broken variant exits 1: {out}{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "one line per variant: {out}");
    assert!(
        lines[0].contains(", correct: 156468 states, ") && lines[0].ends_with("no way to break it")
    );
    assert!(
        lines[1].contains("BROKEN: same_served_prefix in 15 steps"),
        "{out}"
    );
    assert!(
        lines[2].contains("BROKEN: one_order_per_slot in 16 steps"),
        "{out}"
    );
    let path = std::env::temp_dir().join(format!(
        "parliament-test-{}-multipaxos-old-ballot.json",
        std::process::id()
    ));
    let path = path.to_string_lossy().into_owned();
    let (code, _, err) = parliament(&[
        "check",
        "--exhaustive",
        "--protocol",
        "multipaxos",
        "--variant",
        "old_ballot",
        "--out",
        &path,
    ]);
    assert_eq!(code, 1, "{err}");
    let (code, transcript, _) = parliament(&["replay", &path]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(code, 1, "the replayed counterexample breaks an invariant");
    assert!(
        transcript.contains("Acceptor 1: OK, Pizza for Monday in ballot (1, L1), though I am in ballot (1, L2) now."),
        "{transcript}"
    );
    assert!(
        transcript.trim_end().ends_with(
            "!! Invariant broken — One order per slot: Monday was decided as Pizza (C1 #1), then as Sushi (C2 #1)"
        ),
        "{transcript}"
    );
    let (code, _, err) = parliament(&[
        "check",
        "--exhaustive",
        "--protocol",
        "multipaxos",
        "--variant",
        "overwrite",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown variant 'overwrite': correct, out_of_order, old_ballot or all"),
        "{err}"
    );
}
