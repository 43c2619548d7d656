//! The synod's checking model written in stateright's `Model` trait (stateright is the reference
//! model checker): the same scope and the same abstraction as `sim::check` (the state is a
//! [`CheckState`]: protocol state and the set of messages sent; a move delivers one of them, starts a
//! round, crashes or recovers a node), so both checkers explore one state space and must count the
//! same distinct states. Only the de-duplication differs: stateright hashes this state its own way (the
//! protocol's fingerprint and the sent set as a sorted list of message hashes), ours keeps an
//! order-free sum — so equal counts cross-check both encodings.

use lunch_parliament::sim::check::{CheckState, Checkable, Move};
use lunch_parliament::sim::Protocol;
use lunch_parliament::synod::check::Scope;
use lunch_parliament::synod::Synod;
use std::hash::{DefaultHasher, Hash, Hasher};

pub struct SynodModel {
    pub scope: Scope,
}

#[derive(Clone, Debug)]
pub struct State(pub CheckState<Synod>);

impl Hash for State {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.0.world().state.fingerprint(h);
        let mut sent: Vec<u64> = self
            .0
            .sent()
            .map(|m| {
                let mut d = DefaultHasher::new();
                m.hash(&mut d);
                d.finish()
            })
            .collect();
        sent.sort_unstable();
        sent.hash(h);
    }
}

/// stateright asks for equality but de-duplicates by its fingerprint of [`Hash`]; equal means equal
/// under that hash.
impl PartialEq for State {
    fn eq(&self, other: &State) -> bool {
        let of = |s: &State| {
            let mut h = DefaultHasher::new();
            s.hash(&mut h);
            h.finish()
        };
        of(self) == of(other)
    }
}

impl Eq for State {}

impl stateright::Model for SynodModel {
    type State = State;
    type Action = Move<Synod>;

    fn init_states(&self) -> Vec<State> {
        CheckState::root(&self.scope).map(State).into_iter().collect()
    }

    fn actions(&self, state: &State, actions: &mut Vec<Move<Synod>>) {
        actions.extend(state.0.moves(&self.scope));
    }

    fn next_state(&self, last: &State, action: Move<Synod>) -> Option<State> {
        last.0.after(&action).map(|(next, _)| State(next))
    }

    /// The synod's named properties, each a stateright "always" property of one state.
    fn properties(&self) -> Vec<stateright::Property<Self>> {
        vec![stateright::Property::always("every named property", |_, s: &State| {
            let w = s.0.world();
            let before = w.state.before();
            Synod::properties()
                .iter()
                .all(|p| (p.check)(w, &before).is_ok())
        })]
    }
}
