//! The exhaustive checker (src/sim/check.rs) on the synod: correct Paxos has no violation in the
//! standard scope (state counts asserted, so a change that shrinks the explored space is noticed);
//! each broken variant (one rule removed) has one, found in the fewest steps (none exists in fewer)
//! and replayed by the real world to the same broken property; Flexible Paxos's quorum sizes get the
//! right verdict.

use lunch_parliament::scenario::Scenario;
use lunch_parliament::sim::check::{restores_exactly, search, search_within, Checkable, Limits};
use lunch_parliament::synod::check::Scope;
use lunch_parliament::synod::{QuorumRule, Quorums, Synod, Variant};
use std::time::Instant;

const LIMIT: usize = 2_000_000;

#[test]
fn correct_paxos_has_no_violation_in_the_standard_scope() {
    // With the acceptors alike (one state for each permutation of them), and without: the counts
    // stateright finds for the same model (tests/stateright.rs).
    for (rule, rounds, symmetry, states) in [
        (QuorumRule::WholeQuorum, 1, true, 469),
        (QuorumRule::AnyMajority, 1, true, 710),
        (QuorumRule::WholeQuorum, 1, false, 2_704),
        (QuorumRule::AnyMajority, 1, false, 3_730),
        // The lab's standard scope: two rounds each.
        (QuorumRule::WholeQuorum, 2, true, 81_310),
    ] {
        let scope = Scope {
            quorum_rule: rule,
            rounds,
            symmetry,
            ..Scope::default()
        };
        let t = Instant::now();
        let r = search::<Synod>(&scope, LIMIT).expect("searches");
        println!(
            "{scope}: {} states, {} transitions, depth {}, {:.2} s",
            r.states,
            r.transitions,
            r.depth,
            t.elapsed().as_secs_f64()
        );
        assert!(!r.incomplete, "{scope}: the whole scope is searched");
        assert!(
            r.violation.is_none(),
            "{scope}: {:?}",
            r.violation.map(|v| v.why)
        );
        assert_eq!(r.states, states, "{scope}: distinct states");
    }
}

/// The counterexample of `scope` (which must break), checked to be the shortest and to replay.
fn breaks(scope: &Scope) -> usize {
    let t = Instant::now();
    let r = search::<Synod>(scope, LIMIT).expect("searches");
    let v = r
        .violation
        .unwrap_or_else(|| panic!("{scope}: no violation in {} states", r.states));
    println!(
        "{scope}: {} broken in {} moves after {} states, {:.2} s: {}",
        v.invariant,
        v.moves.len(),
        r.states,
        t.elapsed().as_secs_f64(),
        v.why
    );
    // Breadth first: nothing breaks in fewer moves.
    let shorter = Limits {
        states: LIMIT,
        depth: v.moves.len() - 1,
    };
    let r = search_within::<Synod>(scope, shorter).expect("searches");
    assert!(
        r.violation.is_none(),
        "{scope}: a shorter counterexample exists"
    );
    let actions = v.actions(scope).unwrap_or_else(|e| panic!("{scope}: {e}"));
    let file = Scenario::new("counterexample", Synod::scope_config(scope), actions);
    // Through its text, as `parliament replay FILE` reads it.
    let (_, h) =
        Scenario::load(&file.to_json()).expect("the counterexample is a valid scenario file");
    let last = h.outcomes().last().expect("it has steps");
    assert!(
        last.violations.iter().any(|x| x.invariant == v.invariant),
        "{scope}: the last step breaks {}",
        v.invariant
    );
    v.moves.len()
}

/// One state for each permutation of the acceptors loses nothing: every variant breaks in as few
/// moves, and the same property, with the reduction as without it.
#[test]
fn alike_acceptors_change_no_verdict() {
    for variant in Variant::ALL {
        // Lowest vote needs a second round to break; one round each keeps the searches without
        // the reduction small.
        let scope = Scope {
            variant,
            rounds: if variant == Variant::LowestVote { 2 } else { 1 },
            crashes: variant == Variant::Amnesia,
            ..Scope::default()
        };
        let without = Scope {
            symmetry: false,
            ..scope
        };
        let verdict = |scope: &Scope| {
            let r = search::<Synod>(scope, LIMIT).expect("searches");
            assert!(!r.incomplete, "{scope}");
            r.violation.map(|v| (v.invariant, v.moves.len()))
        };
        assert_eq!(verdict(&scope), verdict(&without), "{scope}");
    }
}

#[test]
fn every_broken_variant_breaks_in_the_fewest_steps_and_its_counterexample_replays() {
    for (variant, rounds, moves) in [
        (Variant::Amnesia, 1, 3),
        (Variant::MinorityQuorums, 1, 5),
        (Variant::OwnDish, 1, 14),
        (Variant::NoPromiseCheck, 1, 14),
        (Variant::SharedRound, 1, 14),
        // Two votes from different rounds must be reported: a leader needs a second round.
        (Variant::LowestVote, 2, 20),
    ] {
        let scope = Scope {
            variant,
            rounds,
            crashes: variant == Variant::Amnesia,
            ..Scope::default()
        };
        assert_eq!(breaks(&scope), moves, "{scope}: moves to the violation");
    }
}

/// Flexible Paxos (Howard, Malkhi, Spiegelman 2016): phase-1 and phase-2 quorums of sizes q1, q2 are
/// safe exactly when q1 + q2 > n; a grid (rows for phase 1, columns for phase 2) is safe.
#[test]
fn flexible_quorum_sizes_get_the_right_verdict() {
    for n in 3..=5 {
        for q1 in 1..=n {
            for q2 in 1..=n {
                let scope = Scope {
                    acceptors: n,
                    quorums: Quorums::Sizes { q1, q2 },
                    rounds: 1,
                    ..Scope::default()
                };
                if q1 + q2 > n {
                    let r = search::<Synod>(&scope, LIMIT).expect("searches");
                    assert!(!r.incomplete, "{scope}");
                    assert!(r.violation.is_none(), "{scope}: broken");
                } else {
                    breaks(&scope);
                }
            }
        }
    }
    let grid = Scope {
        acceptors: 4,
        quorums: Quorums::Grid {
            rows: 2,
            columns: 2,
        },
        rounds: 1,
        ..Scope::default()
    };
    let r = search::<Synod>(&grid, LIMIT).expect("searches");
    assert!(!r.incomplete && r.violation.is_none(), "{grid}");
}

/// The search undoes a step by copying back the one node it changed (`Checkable::restore`), and
/// rehashes only that node's part of the fingerprint: after every move of every state in these
/// scopes (crashes, every variant, grid quorums, with and without symmetry), the state restored is
/// the state stepped from, and the fingerprint is the one hashing everything.
#[test]
fn undoing_a_step_restores_the_state_exactly() {
    let scopes = [
        Scope::default(),
        Scope {
            crashes: true,
            rounds: 1,
            ..Scope::default()
        },
        Scope {
            quorum_rule: QuorumRule::AnyMajority,
            ..Scope::default()
        },
        Scope {
            acceptors: 4,
            rounds: 1,
            quorums: Quorums::Grid {
                rows: 2,
                columns: 2,
            },
            ..Scope::default()
        },
    ];
    let variants = [
        Variant::Correct,
        Variant::Amnesia,
        Variant::OwnDish,
        Variant::NoPromiseCheck,
        Variant::SharedRound,
        Variant::MinorityQuorums,
        Variant::LowestVote,
    ];
    for scope in scopes {
        for variant in variants {
            // Without symmetry the search also rehashes only the changed node's part.
            for symmetry in [true, false] {
                let scope = Scope {
                    variant,
                    symmetry,
                    ..scope
                };
                let restored = restores_exactly::<Synod>(&scope, 3_000)
                    .unwrap_or_else(|e| panic!("{scope}: {e}"));
                assert!(restored > 1_000, "{scope}: only {restored} steps undone");
            }
        }
    }
}
