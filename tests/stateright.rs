//! Our checker and stateright, the reference, on the same synod model and scope: they must find the
//! same number of distinct states (which cross-checks both state encodings), and no violation.
#![cfg(not(target_arch = "wasm32"))]

mod stateright_model;

use lunch_parliament::sim::check::search;
use lunch_parliament::synod::check::Scope;
use lunch_parliament::synod::{QuorumRule, Quorums, Synod};
use stateright::{Checker, Model};
use stateright_model::SynodModel;

#[test]
fn both_checkers_count_the_same_states() {
    let scopes = [
        Scope {
            symmetry: false,
            rounds: 1,
            ..Scope::default()
        },
        Scope {
            quorum_rule: QuorumRule::AnyMajority,
            symmetry: false,
            rounds: 1,
            ..Scope::default()
        },
        Scope {
            acceptors: 4,
            quorums: Quorums::Grid {
                rows: 2,
                columns: 2,
            },
            symmetry: false,
            rounds: 1,
            ..Scope::default()
        },
    ];
    for scope in scopes {
        let ours = search::<Synod>(&scope, 1_000_000).expect("searches");
        assert!(!ours.incomplete && ours.violation.is_none(), "{scope}");
        let theirs = SynodModel { scope }.checker().threads(1).spawn_bfs().join();
        assert!(theirs.is_done());
        assert_eq!(
            ours.states,
            theirs.unique_state_count(),
            "{scope}: ours and stateright's distinct states"
        );
        assert!(
            theirs.discoveries().is_empty(),
            "{scope}: stateright finds a property broken"
        );
    }
}
