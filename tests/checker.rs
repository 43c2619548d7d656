//! The exhaustive checker (src/sim/check.rs) on the synod: correct Paxos has no violation in the
//! standard scope; each broken variant (one rule removed) has one, found in the fewest steps and
//! replayed by the real world to the same broken property.

use lunch_parliament::scenario::Scenario;
use lunch_parliament::sim::check::{search, Checkable};
use lunch_parliament::synod::check::Scope;
use lunch_parliament::synod::{QuorumRule, Synod, Variant};
use std::time::Instant;

const LIMIT: usize = 2_000_000;

#[test]
fn correct_paxos_has_no_violation_in_the_standard_scope() {
    for rule in [QuorumRule::WholeQuorum, QuorumRule::AnyMajority] {
        let scope = Scope {
            quorum_rule: rule,
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
        assert!(
            r.states > 1000,
            "{scope}: {} states is too few to mean much",
            r.states
        );
    }
}

#[test]
fn every_broken_variant_breaks_and_its_counterexample_replays() {
    // lowest_vote needs three rounds with two different votes reported: a deeper scope (below).
    let shallow = Variant::ALL
        .into_iter()
        .filter(|v| !matches!(v, Variant::Correct | Variant::LowestVote));
    for variant in shallow {
        let scope = Scope {
            variant,
            crashes: variant == Variant::Amnesia,
            ..Scope::default()
        };
        let t = Instant::now();
        let r = search::<Synod>(&scope, LIMIT).expect("searches");
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
        let actions = v.actions(&scope).unwrap_or_else(|e| panic!("{scope}: {e}"));
        let file = Scenario::new("counterexample", Synod::scope_config(&scope), actions);
        let h = file
            .replay()
            .expect("the counterexample is a valid scenario file");
        let last = h.outcomes().last().expect("it has steps");
        assert!(
            last.violations.iter().any(|x| x.invariant == v.invariant),
            "{scope}: the last step breaks {}",
            v.invariant
        );
    }
}
