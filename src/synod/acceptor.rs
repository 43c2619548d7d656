//! The acceptor (a legislator): Part-Time Parliament §2.2 steps 2 and 4, Paxos Made Simple §2.2.
//!
//! - On `prepare r`: if it has not promised a higher round, it promises `r` — giving up all rounds below
//!   `r` — and reports its last vote; otherwise it refuses, naming the round it is in.
//! - On `propose v@r`: it accepts unless it promised a higher round.
//!
//! Learning a decision (`decided v`) is the same for every node, so the world handles it, not this file:
//! a node keeps the first value it decides.
//!
//! Promise, accepted vote and decision are its ledger (stable storage); everything else is volatile.

use super::message::{Msg, Phase, Round, Value, Vote};
use serde::{Deserialize, Serialize};

/// What survives a crash (Part-Time Parliament: the ledger is written in indelible ink).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Ledger {
    pub promised: Option<Round>,
    pub accepted: Option<Vote>,
    pub decided: Option<Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Acceptor {
    pub ledger: Ledger,
    pub crashed: bool,
    /// Volatile: the leader whose round it promised last (told when that round is given up, in auto mode).
    #[serde(default)]
    pub promised_to: Option<super::node::NodeId>,
}

/// What an acceptor did with a request, and its reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Promised {
        round: Round,
        previous: Option<Round>,
        reply: Msg,
    },
    Accepted {
        vote: Vote,
        reply: Msg,
    },
    Refused {
        reply: Msg,
    },
}

impl Acceptor {
    fn refuse(&self, phase: Phase, round: Round, promised: Round) -> Answer {
        Answer::Refused {
            reply: Msg::Refuse {
                phase,
                round,
                promised,
            },
        }
    }

    pub fn on_prepare(&mut self, round: Round) -> Answer {
        match self.ledger.promised {
            Some(p) if p > round => self.refuse(Phase::Prepare, round, p),
            previous => {
                self.ledger.promised = Some(round);
                Answer::Promised {
                    round,
                    previous,
                    reply: Msg::Promise {
                        round,
                        accepted: self.ledger.accepted.clone(),
                    },
                }
            }
        }
    }

    pub fn on_propose(&mut self, round: Round, value: &Value) -> Answer {
        match self.ledger.promised {
            Some(p) if p > round => self.refuse(Phase::Propose, round, p),
            _ => {
                let vote = Vote {
                    round,
                    value: value.clone(),
                };
                // Accepting round r is also a promise not to accept below r.
                self.ledger.promised = Some(round);
                self.ledger.accepted = Some(vote.clone());
                Answer::Accepted {
                    reply: Msg::Accepted {
                        round,
                        value: value.clone(),
                    },
                    vote,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn thai() -> Value {
        "Thai".to_string()
    }

    #[test]
    fn promises_when_not_promised_higher_and_reports_last_vote() {
        let mut a = Acceptor::default();
        assert!(matches!(
            a.on_prepare(6),
            Answer::Promised {
                round: 6,
                previous: None,
                reply: Msg::Promise { accepted: None, .. }
            }
        ));
        assert!(matches!(a.on_propose(6, &thai()), Answer::Accepted { .. }));
        match a.on_prepare(8) {
            Answer::Promised {
                previous: Some(6),
                reply:
                    Msg::Promise {
                        round: 8,
                        accepted: Some(v),
                    },
                ..
            } => assert_eq!(
                v,
                Vote {
                    round: 6,
                    value: thai()
                }
            ),
            other => panic!("{other:?}"),
        }
        // The same round again is answered again (a duplicated prepare).
        assert!(matches!(a.on_prepare(8), Answer::Promised { .. }));
    }

    #[test]
    fn refuses_lower_rounds_naming_its_round() {
        let mut a = Acceptor::default();
        a.on_prepare(10);
        assert_eq!(
            a.on_prepare(8),
            Answer::Refused {
                reply: Msg::Refuse {
                    phase: Phase::Prepare,
                    round: 8,
                    promised: 10
                }
            }
        );
        assert_eq!(
            a.on_propose(6, &thai()),
            Answer::Refused {
                reply: Msg::Refuse {
                    phase: Phase::Propose,
                    round: 6,
                    promised: 10
                }
            }
        );
        assert_eq!(a.ledger.accepted, None);
    }

    #[test]
    fn accepts_at_or_above_promise_and_raises_promise() {
        let mut a = Acceptor::default();
        a.on_prepare(5);
        assert!(matches!(a.on_propose(7, &thai()), Answer::Accepted { .. }));
        assert_eq!(a.ledger.promised, Some(7));
        assert_eq!(
            a.ledger.accepted,
            Some(Vote {
                round: 7,
                value: thai()
            })
        );
    }
}
