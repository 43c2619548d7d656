//! The synod's break-it lab: which rule of Paxos to remove (each broken variant, named by the rule it
//! removes), the scope to search (acceptors, leaders, rounds, crashes, the quorum rule), and how a
//! counterexample becomes a run of the Synod tab. Also the sentence the tab shows at the step of a run
//! that breaks a property, computed from the run itself (so a shared link shows it too).

use super::{
    change, counterexample, crashes_check, focus_step, pick, rule_pick, rule_words, Break, Found,
    Lab,
};
use lunch_parliament::scenario::Scenario;
use lunch_parliament::sim::check::Checkable;
use lunch_parliament::sim::History;
use lunch_parliament::synod::check::Scope;
use lunch_parliament::synod::{Config, QuorumRule, Quorums, Synod, Variant, World};
use std::rc::Rc;
use yew::prelude::*;

/// What each picker offers.
const ACCEPTORS: [usize; 3] = [3, 4, 5];
const LEADERS: [usize; 3] = [1, 2, 3];
const ROUNDS: [usize; 3] = [1, 2, 3];

/// The scope as the result says it.
pub fn scope_words(s: &Scope) -> String {
    let count = |n: usize, one: &str, many: &str| {
        let mut w = n.to_string();
        w.push(' ');
        w.push_str(if n == 1 { one } else { many });
        w
    };
    let mut w = count(s.acceptors, "acceptor", "acceptors");
    if !Synod::alike(s).is_empty() {
        w.push_str(" (alike: one state for each permutation of them)");
    }
    w.push_str(", ");
    w.push_str(&count(s.leaders, "leader", "leaders"));
    w.push_str(" with ");
    w.push_str(&count(s.rounds, "round", "rounds"));
    w.push_str(" each, ");
    w.push_str(if s.crashes {
        "crashes and recoveries"
    } else {
        "no crashes"
    });
    w.push_str(", a leader waits for ");
    w.push_str(s.quorum_rule.describe());
    if !s.quorums.is_majority() {
        w.push_str(", quorums ");
        w.push_str(&s.quorums.describe());
    }
    w.push_str("; ");
    if let Some(rule) = quorum_rule_missing(&s.quorums, s.acceptors) {
        w.push_str("without the rule that ");
        w.push_str(&rule);
        if s.variant != Variant::Correct {
            w.push_str(" nor the rule that ");
            w.push_str(s.variant.removed_rule());
        }
    } else if s.variant == Variant::Correct {
        w.push_str("no rule removed");
    } else {
        w.push_str("without the rule that ");
        w.push_str(s.variant.removed_rule());
    }
    w
}

/// The rule of Flexible Paxos a quorum system breaks, if it does: "every phase-1 quorum meets every
/// phase-2 quorum (q1 + q2 > n)".
fn quorum_rule_missing(q: &Quorums, acceptors: usize) -> Option<String> {
    if q.intersect(acceptors) {
        return None;
    }
    let mut rule = "every phase-1 quorum meets every phase-2 quorum (".to_string();
    rule.push_str(&q.describe());
    rule.push_str(": q1 + q2 must be more than ");
    rule.push_str(&acceptors.to_string());
    rule.push(')');
    Some(rule)
}

/// What breaking a run of `config` removed, if anything: its variant's rule, or the quorums' one.
fn removed(config: &Config) -> Option<String> {
    quorum_rule_missing(&config.quorums, config.acceptors).or_else(|| {
        (config.variant != Variant::Correct).then(|| config.variant.removed_rule().to_string())
    })
}

/// The quorum systems the lab offers for `acceptors`: majorities, every q1/q2 pair, and a 2 × 2 grid
/// for four acceptors.
fn quorum_choices(acceptors: usize) -> Vec<Quorums> {
    let mut all = vec![Quorums::Majority];
    for q1 in 1..=acceptors {
        for q2 in 1..=acceptors {
            all.push(Quorums::Sizes { q1, q2 });
        }
    }
    if acceptors == 4 {
        all.push(Quorums::Grid {
            rows: 2,
            columns: 2,
        });
    }
    all
}

fn quorums_key(q: &Quorums) -> String {
    match *q {
        Quorums::Majority => "majority".into(),
        Quorums::Sizes { q1, q2 } => {
            let mut k = "q".to_string();
            k.push_str(&q1.to_string());
            k.push('-');
            k.push_str(&q2.to_string());
            k
        }
        Quorums::Grid { .. } => "grid".into(),
    }
}

/// How the picker lists a quorum system: "Majorities", "q1 = 1, q2 = 2 (unsafe: 1 + 2 ≤ 3)".
fn quorums_label(q: &Quorums, acceptors: usize) -> String {
    let mut l = match q {
        Quorums::Majority => "Majorities".to_string(),
        Quorums::Grid { .. } => "Grid 2 × 2: a row for phase 1, a column for phase 2".to_string(),
        q => q.describe(),
    };
    if let Quorums::Sizes { q1, q2 } = *q {
        l.push_str(if q.intersect(acceptors) {
            " (they meet"
        } else {
            " (they can miss"
        });
        l.push_str(": ");
        l.push_str(&(q1 + q2).to_string());
        l.push_str(if q1 + q2 > acceptors { " > " } else { " ≤ " });
        l.push_str(&acceptors.to_string());
        l.push(')');
    }
    l
}

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Opens a counterexample as the Synod tab's run (replacing it, with Undo, like a shared link).
    pub on_open: Callback<Scenario>,
}

#[function_component(SynodLab)]
pub fn synod_lab(props: &Props) -> Html {
    let scope = use_state(Scope::default);
    let s = *scope;
    let set = |f: fn(&mut Scope, usize)| change(&scope, f);
    let on_variant = change(&scope, |x: &mut Scope, v| {
        x.variant = v;
        // Forgetting shows only in a crash: amnesia's scope has crashes.
        if v == Variant::Amnesia {
            x.crashes = true;
        }
        // Two leaders sharing round numbers break agreement in their first rounds; with two
        // rounds each the search is some 860,000 states (seconds natively, far longer here).
        if v == Variant::SharedRound {
            x.rounds = 1;
        }
    });
    let on_rule = {
        let scope = scope.clone();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(r) = QuorumRule::ALL
                .into_iter()
                .find(|r| r.name() == sel.value())
            {
                let mut x = *scope;
                x.quorum_rule = r;
                scope.set(x);
            }
        })
    };
    let on_quorums = {
        let scope = scope.clone();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let mut x = *scope;
            if let Some(q) = quorum_choices(x.acceptors)
                .into_iter()
                .find(|q| quorums_key(q) == sel.value())
            {
                x.quorums = q;
                scope.set(x);
            }
        })
    };
    let on_play = {
        let on_open = props.on_open.clone();
        Callback::from(move |found: Rc<Found<Synod>>| {
            let what = if found.scope.quorums.is_majority() {
                found.scope.variant.name().replace('_', " ")
            } else {
                found.scope.quorums.describe()
            };
            on_open.emit(counterexample(&what, &found));
            focus_step();
        })
    };
    let amnesia_without_crashes = s.variant == Variant::Amnesia && !s.crashes;
    html! {
        <Lab<Synod> heading="Break it: remove a rule, search every interleaving" scope={s}
            scope_words={AttrValue::from(scope_words(&s))} {on_play}>
            { rule_pick(&Variant::ALL, s.variant, Variant::name, |v| rule_words(v.removed_rule(), "Paxos"), on_variant) }
            <div class="lab-picks">
                { pick("lab-acceptors", "Acceptors", &ACCEPTORS, s.acceptors, set(|x, n| {
                    x.acceptors = n;
                    // Quorums that do not fit the new chamber go back to majorities.
                    if x.quorums.validate(n).is_err() {
                        x.quorums = Quorums::Majority;
                    }
                })) }
                { pick("lab-leaders", "Leaders", &LEADERS, s.leaders, set(|x, n| x.leaders = n)) }
                { pick("lab-rounds", "Rounds each", &ROUNDS, s.rounds, set(|x, n| x.rounds = n)) }
                { crashes_check(s.crashes, change(&scope, |x: &mut Scope, on| x.crashes = on)) }
                // The quorums: the rule a leader waits by, and which sets are quorums in each phase
                // (Flexible Paxos).
                <label class="lab-pick lab-quorums">{ "A leader waits for" }
                    <select id="lab-quorum-rule" onchange={on_rule}>
                        { for QuorumRule::ALL.into_iter().map(|r| html! {
                            <option value={r.name()} selected={r == s.quorum_rule}>{ r.describe() }</option>
                        }) }
                    </select>
                </label>
                <label class="lab-pick lab-quorums">{ "Quorums (phase 1, phase 2)" }
                    <select id="lab-quorums" onchange={on_quorums}>
                        { for quorum_choices(s.acceptors).iter().map(|q| html! {
                            <option value={quorums_key(q)} selected={*q == s.quorums}>{ quorums_label(q, s.acceptors) }</option>
                        }) }
                    </select>
                </label>
            </div>
            if amnesia_without_crashes {
                <p class="hint">{ "Without crashes nobody forgets anything: amnesia then behaves as correct Paxos." }</p>
            }
        </Lab<Synod>>
    }
}

/// The first step of a run of a broken variant that breaks a property, with the sentence that says so
/// and which rule's absence allowed it (its variant's, or the quorums'). `None` for correct Paxos, or
/// when nothing in the run broke.
pub fn breaking_step(h: &History<World>) -> Option<Break> {
    super::breaking_step(h, removed(&h.initial().config))
}
