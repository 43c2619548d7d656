//! The acceptor (a legislator): Part-Time Parliament §2.2 steps 2 and 4, Paxos Made Simple §2.2.
//!
//! - On `prepare r`: if it has not promised a higher round, it promises `r` — giving up all rounds below
//!   `r` — and reports its last vote; otherwise it refuses, naming the round it is in.
//! - On `propose v@r`: it accepts unless it promised a higher round.
//!
//! Learning a decision (`decided v`) is the same for every node, so it is written once
//! (`Synod::learn` in `world.rs`): a node keeps the first value it decides.
//!
//! Promise, accepted vote and decision are its ledger (stable storage); everything else is volatile.

use super::config::Variant;
use super::event::{Event, IgnoreReason};
use super::message::{Msg, Phase, Round, Value, Vote};
use super::node::NodeId;
use super::world::Synod;
use crate::sim::{Messenger, Out};
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
        self.on_propose_checking(round, value, true)
    }

    /// [`Acceptor::on_propose`], with or without the promise check (the broken `no_promise_check`
    /// variant accepts below its promise, though its promise does not go down).
    pub fn on_propose_checking(&mut self, round: Round, value: &Value, check: bool) -> Answer {
        match self.ledger.promised {
            Some(p) if check && p > round => self.refuse(Phase::Propose, round, p),
            promised => {
                let vote = Vote {
                    round,
                    value: value.clone(),
                };
                // Accepting round r is also a promise not to accept below r.
                self.ledger.promised = Some(promised.map_or(round, |p| p.max(round)));
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

/// The acceptor's side of the world: a messenger reached acceptor `m.to`.
impl Synod {
    pub(super) fn acceptor_receives(
        &mut self,
        m: Messenger<NodeId, Msg>,
        out: &mut Out<'_, Synod>,
    ) {
        let me = m.to;
        let Some(acceptor) = self.acceptors.get_mut(me.index()) else {
            return;
        };
        let answer = match &m.payload {
            Msg::Prepare { round } => acceptor.on_prepare(*round),
            Msg::Propose { round, value } => {
                let check = self.config.variant != Variant::NoPromiseCheck;
                acceptor.on_propose_checking(*round, value, check)
            }
            Msg::Decided { value } => {
                self.learn(me, value, out);
                return;
            }
            other => {
                out.push_with(|| Event::Ignored {
                    node: me,
                    from: m.from,
                    msg: other.clone(),
                    why: IgnoreReason::NotForMe,
                });
                return;
            }
        };
        let leader = m.from;
        let reply = match answer {
            Answer::Promised {
                round,
                previous,
                reply,
            } => {
                // In auto mode an acceptor that gives up a round tells that round's leader at once
                // (before answering the new one): the abort that makes dueling leaders duel.
                let old = acceptor.promised_to.replace(leader);
                if let (true, Some(old), Some(p)) = (self.config.timing.auto, old, previous) {
                    if old != leader && p < round {
                        out.push_with(|| Event::Refused {
                            acceptor: me,
                            leader: old,
                            phase: Phase::Prepare,
                            round: p,
                            promised: round,
                        });
                        let notice = Msg::Refuse {
                            phase: Phase::Prepare,
                            round: p,
                            promised: round,
                        };
                        out.send(me, old, notice, m.depth + 1);
                    }
                }
                let reported = match &reply {
                    Msg::Promise { accepted, .. } => accepted.clone(),
                    _ => None,
                };
                out.push_with(|| Event::Promised {
                    acceptor: me,
                    leader,
                    round,
                    previous,
                    reported,
                });
                reply
            }
            Answer::Accepted { vote, reply } => {
                if let Some(a) = self.acceptors.get_mut(me.index()) {
                    a.promised_to = Some(leader);
                }
                self.record_vote(vote.round, &vote.value, me);
                out.push_with(|| Event::Accepted {
                    acceptor: me,
                    leader,
                    round: vote.round,
                    value: vote.value,
                });
                reply
            }
            Answer::Refused { reply } => {
                if let Msg::Refuse {
                    phase,
                    round,
                    promised,
                } = reply
                {
                    out.push_with(|| Event::Refused {
                        acceptor: me,
                        leader,
                        phase,
                        round,
                        promised,
                    });
                }
                reply
            }
        };
        out.send(me, leader, reply, m.depth + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn thai() -> Value {
        "Thai".into()
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
