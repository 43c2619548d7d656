//! What a replayed scenario amounts to, for any protocol: the transcript, whether every invariant held at
//! every step and the trace digest, with the protocol's own facts beside (the synod's: who decided what,
//! what is chosen, the metrics; CORFU's: the log). The CLI prints it as JSON; a browser test compares the
//! digest the page shows with the CLI's (the page itself compares nothing).

use crate::sim::{History, Named, Protocol, World};
use crate::synod::invariants;
use crate::synod::transcript;
use crate::synod::World as SynodWorld;
use serde::Serialize;
use std::collections::BTreeMap;

/// The slide's two bounds for `w`'s acceptors, said the same way by the safety panel and tour 5, from
/// the same figures the metrics show.
pub fn crash_bounds(w: &SynodWorld) -> String {
    let acceptors = w.acceptors.len();
    let majority = w.config.majority();
    let safety = w.crashes_tolerated_for_safety();
    let liveness = w.crashes_tolerated_for_liveness();
    format!(
        "Safety needs f+1: a chosen value sits on a majority, {majority} ledgers, so with {safety} of \
         {acceptors} crashed for good a copy survives (on stable storage even all {acceptors} \
         crashing and coming back loses nothing). Liveness needs 2f+1: {acceptors} decide with \
         {liveness} crashed, as a majority must be alive to finish a round."
    )
}

#[derive(Clone, Debug, Serialize)]
pub struct Metrics {
    pub replicas: usize,
    pub crashes_tolerated_for_safety: usize,
    pub crashes_tolerated_for_liveness: usize,
    pub messages_sent: u64,
    pub messages_delivered: u64,
    pub messages_dropped: u64,
    pub messages_duplicated: u64,
    pub rounds_started: u64,
    pub message_rounds_to_decide: Option<u32>,
}

/// What any protocol's run amounts to, with the protocol's own `facts` beside (flattened in JSON).
#[derive(Clone, Debug, Serialize)]
pub struct Summary<X> {
    pub title: String,
    pub protocol: &'static str,
    pub steps: usize,
    pub transcript: Vec<String>,
    /// Name → held after every step so far.
    pub invariants: BTreeMap<String, bool>,
    pub trace_hash: String,
    #[serde(flatten)]
    pub facts: X,
}

impl<X> std::ops::Deref for Summary<X> {
    type Target = X;
    fn deref(&self) -> &X {
        &self.facts
    }
}

/// What a synod run decided.
#[derive(Clone, Debug, Serialize)]
pub struct SynodFacts {
    pub decided: BTreeMap<String, String>,
    pub chosen: Option<String>,
    pub termination: String,
    pub metrics: Metrics,
}

/// The summary of any protocol's history up to its cursor, with `facts` read from the world there.
pub fn summarise_with<P: Protocol, X>(
    title: &str,
    history: &History<World<P>>,
    facts: impl Fn(&World<P>) -> X,
) -> Summary<X> {
    let w = history.current();
    let mut held: BTreeMap<String, bool> = P::properties()
        .iter()
        .map(|p| (p.invariant.name().to_string(), true))
        .collect();
    let steps = &history.outcomes()[..history.cursor()];
    for step in steps {
        for v in &step.violations {
            held.insert(v.invariant.name().to_string(), false);
        }
    }
    let initial = history.initial();
    Summary {
        title: title.to_string(),
        protocol: P::NAME,
        steps: history.cursor(),
        transcript: steps
            .iter()
            .flat_map(|s| initial.words(s))
            .map(|l| l.text)
            .collect(),
        invariants: held,
        trace_hash: history.digest().hex(),
        facts: facts(w),
    }
}

/// Transcript lines of the steps before the cursor, one list per step.
pub fn transcript_by_step(history: &History<SynodWorld>) -> Vec<Vec<transcript::Line>> {
    let k = history.initial().leaders.len();
    history.outcomes()[..history.cursor()]
        .iter()
        .map(|s| transcript::step_lines(s, k))
        .collect()
}

pub fn metrics(w: &SynodWorld) -> Metrics {
    let net = &w.network.stats;
    Metrics {
        replicas: w.acceptors.len(),
        crashes_tolerated_for_safety: w.crashes_tolerated_for_safety(),
        crashes_tolerated_for_liveness: w.crashes_tolerated_for_liveness(),
        messages_sent: net.sent,
        messages_delivered: net.delivered,
        messages_dropped: net.dropped,
        messages_duplicated: net.duplicated,
        rounds_started: w.metrics.rounds_started,
        message_rounds_to_decide: w.metrics.first_decision.as_ref().map(|d| d.message_rounds),
    }
}

/// The summary of a synod history up to its cursor.
pub fn summarise(title: &str, history: &History<SynodWorld>) -> Summary<SynodFacts> {
    summarise_with(title, history, |w| SynodFacts {
        decided: w
            .nodes()
            .into_iter()
            .filter_map(|n| w.decided(n).map(|v| (n.to_string(), v.to_string())))
            .collect(),
        chosen: invariants::chosen(w).first().map(|c| c.value.to_string()),
        termination: invariants::termination(w).why,
        metrics: metrics(w),
    })
}
