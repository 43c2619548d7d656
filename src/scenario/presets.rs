//! Presets that replay the lecture's slides with a consistent history: earlier rounds are really played,
//! so when Acceptor 2 says "I already accepted Thai in round 6", it did.
//!
//! Each preset is built by a small script that finds messengers by who sends what to whom, so the action
//! lists (with concrete messenger ids) are produced by the same world that will replay them.

use super::file::{Scenario, ScenarioFile};
use crate::sim::Protocol;
use crate::sim::SeededRng;
use crate::sim::{History, MessengerId};
use crate::synod::explore;
use crate::synod::{Action, Config, Fix, NodeId, QuorumRule, Synod, Variant, World};

/// A preset of any protocol: a named scenario built by a script (the kit's; each protocol lists its own).
pub struct Preset<P: Protocol> {
    pub id: &'static str,
    pub name: &'static str,
    pub summary: &'static str,
    pub(crate) build: fn() -> Result<ScenarioFile<P>, String>,
}

impl<P: Protocol> Preset<P> {
    /// The preset's scenario. Errors only if the script itself is wrong (a test replays every preset).
    pub fn scenario(&self) -> Result<ScenarioFile<P>, String> {
        (self.build)()
    }

    /// Finds a preset of `list` by id or name, ignoring case.
    pub fn find(list: &'static [Preset<P>], name: &str) -> Option<&'static Preset<P>> {
        list.iter()
            .find(|p| p.id.eq_ignore_ascii_case(name) || p.name.eq_ignore_ascii_case(name))
    }
}

pub fn presets() -> &'static [Preset<Synod>] {
    &PRESETS
}

/// Finds a preset by id or name, ignoring case.
pub fn preset(name: &str) -> Option<&'static Preset<Synod>> {
    Preset::find(&PRESETS, name)
}

static PRESETS: [Preset<Synod>; 14] = [
    Preset {
        id: "one-round",
        name: "One round, no trouble",
        summary: "Three acceptors, one leader, nothing goes wrong: prepare, propose, learn.",
        build: one_round,
    },
    Preset {
        id: "round-8",
        name: "Round 8",
        summary: "A2 already accepted Thai in round 6; A3 never hears of round 8, so it cannot finish.",
        build: || round_8(false),
    },
    Preset {
        id: "round-10",
        name: "Round 10",
        summary: "A3 reports Taco from round 7, the highest: round 10 can only propose Taco. Yay, Taco!",
        build: || round_8(true),
    },
    Preset {
        id: "round-8-any-majority",
        name: "Round 8, any majority",
        summary: "Round 8 again, but the leader goes on with any majority of promises (Paxos Made Simple): A1 and A2 answer, A2 reports Thai from round 6, and Thai is decided without A3.",
        build: round_8_any_majority,
    },
    Preset {
        id: "quorums-overlap",
        name: "Quorums overlap",
        summary: "A1, A2, A3 choose Thai, but L1 crashes before anyone learns it. L2 (Taco) polls A3, A4, A5: A3 is in both quorums, so round 2 can only propose Thai.",
        build: quorums_overlap,
    },
    Preset {
        id: "stale-leader",
        name: "Stale leader",
        summary: "Round 6's proposals arrive late: A2 accepts, A3 refuses (it is in round 10), A4 crashes.",
        build: stale_leader,
    },
    Preset {
        id: "leader-crashes-after-learn",
        name: "Leader crashes after learn",
        summary: "Only A1, A2, A5 hear Yay, Taco! A later round can only choose Taco, and so A3, A4 learn it.",
        build: leader_crashes_after_learn,
    },
    Preset {
        id: "two-of-five-crash",
        name: "Two of five crash",
        summary: "Five acceptors, A4 and A5 crashed: A1, A2, A3 are still a majority, and Taco is decided. 2f+1 = 5 acceptors survive f = 2 crashes.",
        build: two_of_five_crash,
    },
    Preset {
        id: "three-of-five-crash",
        name: "Three of five crash",
        summary: "A3, A4, A5 crashed: every quorum of three includes a crashed acceptor, so rounds 1 and 2 stall, and nothing unsafe happens. A3 recovers and round 3 decides.",
        build: three_of_five_crash,
    },
    Preset {
        id: "dueling-leaders",
        name: "Dueling leaders",
        summary: "Two healthy leaders, a perfectly even network: each new round aborts the other's. Press Play — then switch on a fix.",
        build: dueling_leaders,
    },
    Preset {
        id: "duel-then-backoff",
        name: "Dueling leaders, then backoff",
        summary: "The duel as recorded: 200 steps of rounds aborting each other, no decision. Then randomised backoff is switched on, one round finishes, and everyone learns Taco.",
        build: duel_then_backoff,
    },
    Preset {
        id: "busy-chamber",
        name: "Busy chamber",
        summary: "Nine acceptors, three leaders and a thousand random steps of lunch chaos: crashes, losses, duplicates, rival rounds.",
        build: busy_chamber,
    },
    Preset {
        id: "broken-minority-quorums",
        name: "Broken: minority quorums",
        summary: "Quorums of one acceptor need not intersect: two dishes get decided. The invariants catch it.",
        build: minority_quorums,
    },
    Preset {
        id: "broken-amnesia",
        name: "Broken: amnesia",
        summary: "An acceptor forgets its promise in a crash; a second dish gets chosen. The invariants catch it.",
        build: amnesia,
    },
];

/// Writes a preset by acting on a live world.
struct Script {
    title: &'static str,
    history: History<World>,
    opens_at: Option<usize>,
    error: Option<String>,
}

fn node(name: &str) -> Result<NodeId, String> {
    name.parse()
}

impl Script {
    fn new(title: &'static str, config: Config) -> Script {
        let (history, error) = match World::new(config) {
            Ok(w) => (History::new(w), None),
            Err(e) => (History::new(World::default()), Some(e.to_string())),
        };
        Script {
            title,
            history,
            opens_at: None,
            error,
        }
    }

    fn act(&mut self, action: Result<Action, String>) -> &mut Self {
        if self.error.is_none() {
            let result = action.and_then(|a| {
                let shown = a.to_string();
                self.history
                    .act(a)
                    .map(|_| ())
                    .map_err(|e| format!("{shown}: {e}"))
            });
            if let Err(e) = result {
                self.error = Some(format!("preset '{}': {e}", self.title));
            }
        }
        self
    }

    fn start(&mut self, leader: &str, round: Option<u64>, quorum: &[&str]) -> &mut Self {
        let action = node(leader).and_then(|leader| {
            let quorum = quorum.iter().map(|a| node(a)).collect::<Result<_, _>>()?;
            Ok(Action::StartRound {
                leader,
                quorum,
                round,
                dish: None,
            })
        });
        self.act(action)
    }

    /// The oldest messenger in flight carrying `kind` from `from` to `to`.
    fn find(&self, kind: &str, from: &str, to: &str) -> Result<MessengerId, String> {
        let (from, to) = (node(from)?, node(to)?);
        self.history
            .current()
            .network
            .in_flight()
            .iter()
            .find(|m| m.from == from && m.to == to && m.payload.kind() == kind)
            .map(|m| m.id)
            .ok_or_else(|| format!("no {kind} messenger from {from} to {to} in flight"))
    }

    fn deliver(&mut self, kind: &str, from: &str, to: &str) -> &mut Self {
        let a = self.find(kind, from, to).map(Action::Deliver);
        self.act(a)
    }

    fn deliver_each(&mut self, kind: &str, from: &str, to: &[&str]) -> &mut Self {
        for t in to {
            self.deliver(kind, from, t);
        }
        self
    }

    fn collect(&mut self, kind: &str, from: &[&str], to: &str) -> &mut Self {
        for f in from {
            self.deliver(kind, f, to);
        }
        self
    }

    fn drop(&mut self, kind: &str, from: &str, to: &str) -> &mut Self {
        let a = self.find(kind, from, to).map(Action::Drop);
        self.act(a)
    }

    fn delay(&mut self, kind: &str, from: &str, to: &str, by: u64) -> &mut Self {
        let a = self.find(kind, from, to).map(|id| Action::Delay { id, by });
        self.act(a)
    }

    fn crash(&mut self, n: &str) -> &mut Self {
        self.act(node(n).map(Action::Crash))
    }

    fn recover(&mut self, n: &str) -> &mut Self {
        self.act(node(n).map(Action::Recover))
    }

    /// Lets time pass until no messenger is in flight.
    fn run(&mut self) -> &mut Self {
        let mut guard = 0;
        while self.error.is_none() && self.history.current().check(&Action::Tick).is_ok() {
            guard += 1;
            if guard > 10_000 {
                self.error = Some(format!("preset '{}': run did not settle", self.title));
                break;
            }
            self.act(Ok(Action::Tick));
        }
        self
    }

    /// The preset opens here: the steps so far are the history that leads up to the slide.
    fn opens_here(&mut self) -> &mut Self {
        self.opens_at = Some(self.history.len());
        self
    }

    fn finish(&mut self) -> Result<Scenario, String> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        let mut s = Scenario::of_history(self.title, &self.history);
        s.step = self.opens_at;
        Ok(s)
    }
}

const A123: [&str; 3] = ["A1", "A2", "A3"];

fn one_round() -> Result<Scenario, String> {
    let mut s = Script::new("One round, no trouble", Config::new(3, &["Pizza"], 1));
    s.opens_here().start("L1", None, &A123).run().finish()
}

/// Rounds 6 and 7 as the slides assume them, then round 8; with `round_10`, round 10 after it.
fn round_8(round_10: bool) -> Result<Scenario, String> {
    let title = if round_10 { "Round 10" } else { "Round 8" };
    let mut s = Script::new(title, Config::new(3, &["Thai", "Taco"], 8));
    slide_rounds_6_and_7(&mut s);
    // Round 8: A3 never receives the prepare.
    if !round_10 {
        s.opens_here();
    }
    s.start("L1", Some(8), &A123)
        .deliver_each("prepare", "L1", &["A1", "A2"])
        .drop("prepare", "L1", "A3")
        .collect("promise", &["A1", "A2"], "L1");
    if round_10 {
        // Round 10: A3's Taco@7 is the highest report, so Leader 1 (who likes Thai) proposes Taco.
        s.opens_here()
            .start("L1", Some(10), &A123)
            .deliver_each("prepare", "L1", &A123)
            .collect("promise", &A123, "L1")
            .deliver_each("propose", "L1", &A123)
            .collect("accepted", &A123, "L1")
            .deliver_each("decided", "L1", &["A1", "A2", "A3", "L2"]);
    }
    s.finish()
}

/// The history the slides assume before round 8: rounds 6 and 7 each leave one vote.
fn slide_rounds_6_and_7(s: &mut Script) {
    // Round 6 (Leader 1, Thai): only A2's acceptance survives.
    s.start("L1", Some(6), &["A2", "A3"])
        .deliver_each("prepare", "L1", &["A2", "A3"])
        .collect("promise", &["A2", "A3"], "L1")
        .deliver("propose", "L1", "A2")
        .drop("propose", "L1", "A3")
        .deliver("accepted", "A2", "L1");
    // Round 7 (Leader 2, Taco): only A3's acceptance survives.
    s.start("L2", Some(7), &["A1", "A3"])
        .deliver_each("prepare", "L2", &["A1", "A3"])
        .collect("promise", &["A1", "A3"], "L2")
        .deliver("propose", "L2", "A3")
        .drop("propose", "L2", "A1")
        .deliver("accepted", "A3", "L2");
}

/// Round 8 under Paxos Made Simple's rule: A3's prepare is lost, and L1 goes on with A1 and A2.
fn round_8_any_majority() -> Result<Scenario, String> {
    let mut config = Config::new(3, &["Thai", "Taco"], 8);
    config.quorum_rule = QuorumRule::AnyMajority;
    let mut s = Script::new("Round 8, any majority", config);
    slide_rounds_6_and_7(&mut s);
    s.opens_here()
        .start("L1", Some(8), &A123)
        .deliver_each("prepare", "L1", &["A1", "A2"])
        .drop("prepare", "L1", "A3")
        .collect("promise", &["A1", "A2"], "L1")
        .deliver_each("propose", "L1", &["A1", "A2"])
        .collect("accepted", &["A1", "A2"], "L1")
        .deliver_each("decided", "L1", &["A1", "A2", "A3", "L2"])
        .finish()
}

fn stale_leader() -> Result<Scenario, String> {
    let mut s = Script::new("Stale leader", Config::new(5, &["Thai", "Taco"], 6));
    let q6 = ["A2", "A3", "A4"];
    let q10 = ["A1", "A3", "A5"];
    s.start("L1", Some(6), &q6)
        .deliver_each("prepare", "L1", &q6)
        .collect("promise", &q6, "L1");
    // Round 6's proposals set off on a six-month voyage.
    for a in q6 {
        s.delay("propose", "L1", a, 30);
    }
    s.opens_here()
        .start("L2", Some(10), &q10)
        .deliver_each("prepare", "L2", &q10)
        .collect("promise", &q10, "L2")
        .deliver_each("propose", "L2", &q10)
        .collect("accepted", &q10, "L2")
        // The stale proposals arrive.
        .deliver("propose", "L1", "A2")
        .deliver("propose", "L1", "A3")
        .crash("A4")
        .deliver("refuse", "A3", "L1")
        .deliver("accepted", "A2", "L1")
        .deliver_each("decided", "L2", &["A1", "A2", "A3", "A5", "L1"])
        .recover("A4")
        .finish()
}

fn leader_crashes_after_learn() -> Result<Scenario, String> {
    let mut s = Script::new(
        "Leader crashes after learn",
        Config::new(5, &["Thai", "Taco"], 10),
    );
    let q10 = ["A1", "A2", "A3"];
    let q11 = ["A3", "A4", "A5"];
    s.start("L2", Some(10), &q10)
        .deliver_each("prepare", "L2", &q10)
        .collect("promise", &q10, "L2")
        .deliver_each("propose", "L2", &q10)
        .collect("accepted", &q10, "L2")
        .opens_here()
        .deliver_each("decided", "L2", &["A1", "A2", "A5"])
        .crash("L2")
        .drop("decided", "L2", "A3")
        .drop("decided", "L2", "A4")
        .drop("decided", "L2", "L1")
        // A later round: A3 reports Taco@10, so Leader 1 (who likes Thai) can only propose Taco.
        .start("L1", Some(11), &q11)
        .deliver_each("prepare", "L1", &q11)
        .collect("promise", &q11, "L1")
        .deliver_each("propose", "L1", &q11)
        .collect("accepted", &q11, "L1")
        .deliver_each("decided", "L1", &["A3", "A4", "A1", "A2", "A5", "L2"])
        .finish()
}

fn minority_quorums() -> Result<Scenario, String> {
    let mut config = Config::new(3, &["Thai", "Taco"], 3);
    config.variant = Variant::MinorityQuorums;
    let mut s = Script::new("Broken: minority quorums", config);
    s.opens_here()
        .start("L1", None, &["A1"])
        .run()
        .start("L2", None, &["A3"])
        .run()
        .finish()
}

fn amnesia() -> Result<Scenario, String> {
    let mut config = Config::new(3, &["Thai", "Taco"], 4);
    config.variant = Variant::Amnesia;
    let mut s = Script::new("Broken: amnesia", config);
    s.opens_here()
        .start("L1", None, &["A1", "A2"])
        .deliver_each("prepare", "L1", &["A1", "A2"])
        .collect("promise", &["A1", "A2"], "L1")
        .deliver_each("propose", "L1", &["A1", "A2"])
        .collect("accepted", &["A1", "A2"], "L1")
        .crash("A2")
        .recover("A2")
        .start("L2", None, &["A2", "A3"])
        .deliver_each("prepare", "L2", &["A2", "A3"])
        .collect("promise", &["A2", "A3"], "L2")
        .deliver_each("propose", "L2", &["A2", "A3"])
        .collect("accepted", &["A2", "A3"], "L2")
        .finish()
}

fn busy_chamber() -> Result<Scenario, String> {
    let config = Config::new(9, &["Thai", "Taco", "Pizza"], 1000);
    let world = World::new(config.clone()).map_err(|e| e.to_string())?;
    let actions = explore::random_actions(&world, &mut SeededRng::new(1000), 1000);
    let mut s = Scenario::new("Busy chamber", config, actions);
    s.step = Some(500);
    Ok(s)
}

/// Two leaders in the symmetric setting: Leader 2 starts one time unit after Leader 1, and from then
/// on each one's new round aborts the other's, forever (until a fix is switched on).
pub fn dueling_config() -> Config {
    let mut config = Config::new(3, &["Thai", "Taco"], 4);
    config.timing.auto = true;
    config.timing.symmetric = true;
    config
}

fn dueling_leaders() -> Result<Scenario, String> {
    let mut s = Script::new("Dueling leaders", dueling_config());
    s.start("L1", None, &["A1", "A2"]);
    s.act(Ok(Action::Tick));
    s.start("L2", None, &["A1", "A2"]);
    s.opens_here().finish()
}

/// Steps of duel recorded in "Dueling leaders, then backoff" before the fix is switched on.
pub const DUEL_STEPS: usize = 200;

fn duel_then_backoff() -> Result<Scenario, String> {
    let mut s = Script::new("Dueling leaders, then backoff", dueling_config());
    s.start("L1", None, &["A1", "A2"]);
    s.act(Ok(Action::Tick));
    s.start("L2", None, &["A1", "A2"]);
    while s.error.is_none() && s.history.len() < DUEL_STEPS {
        s.act(Ok(Action::Tick));
    }
    s.opens_here().act(Ok(Action::Fix {
        fix: Fix::Backoff,
        on: true,
    }));
    // With backoff a round finishes; once everyone has decided the timers that are left do nothing.
    s.run().finish()
}

/// Any two majorities of five share an acceptor: a value chosen by A1, A2, A3 is reported by A3 to a
/// rival leader polling A3, A4, A5, who must propose it (Paxos Made Simple §2.2).
fn quorums_overlap() -> Result<Scenario, String> {
    let mut s = Script::new("Quorums overlap", Config::new(5, &["Thai", "Taco"], 11));
    let q1 = ["A1", "A2", "A3"];
    let q2 = ["A3", "A4", "A5"];
    s.start("L1", Some(1), &q1)
        .deliver_each("prepare", "L1", &q1)
        .collect("promise", &q1, "L1")
        .deliver_each("propose", "L1", &q1)
        // Thai is chosen, but L1 crashes before it counts a single acceptance: nobody knows.
        .crash("L1")
        .opens_here()
        .start("L2", Some(2), &q2)
        .deliver_each("prepare", "L2", &q2)
        .collect("promise", &q2, "L2")
        .deliver_each("propose", "L2", &q2)
        .collect("accepted", &q2, "L2")
        .deliver_each("decided", "L2", &["A1", "A2", "A3", "A4", "A5"])
        .run()
        .finish()
}

/// Five acceptors survive two crashes (2f+1 with f = 2): a majority still answers.
fn two_of_five_crash() -> Result<Scenario, String> {
    let mut s = Script::new("Two of five crash", Config::new(5, &["Taco"], 12));
    s.crash("A4")
        .crash("A5")
        .opens_here()
        .start("L1", Some(1), &A123)
        .run()
        .finish()
}

/// With three of five crashed no quorum can answer: rounds stall, and every invariant still holds.
fn three_of_five_crash() -> Result<Scenario, String> {
    let mut s = Script::new("Three of five crash", Config::new(5, &["Taco"], 13));
    s.crash("A3")
        .crash("A4")
        .crash("A5")
        .opens_here()
        .start("L1", Some(1), &A123)
        .run()
        .start("L1", Some(2), &["A1", "A2", "A4"])
        .run()
        .recover("A3")
        .start("L1", Some(3), &A123)
        .run()
        .finish()
}
