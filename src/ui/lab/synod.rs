//! The synod's break-it lab: which rule of Paxos to remove (each broken variant, named by the rule it
//! removes), the scope to search (acceptors, leaders, rounds, crashes, the quorum rule), and how a
//! counterexample becomes a run of the Synod tab. Also the sentence the tab shows at the step of a run
//! that breaks a property, computed from the run itself (so a shared link shows it too).

use super::{Found, Lab};
use lunch_parliament::scenario::Scenario;
use lunch_parliament::sim::check::Checkable;
use lunch_parliament::sim::History;
use lunch_parliament::synod::check::Scope;
use lunch_parliament::synod::{QuorumRule, Synod, Variant, World};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// What each picker offers.
const ACCEPTORS: [usize; 3] = [3, 4, 5];
const LEADERS: [usize; 3] = [1, 2, 3];
const ROUNDS: [usize; 3] = [1, 2, 3];

/// The rule a variant removes, as the picker lists it ("Correct Paxos" for none).
fn rule_label(v: Variant) -> String {
    let rule = v.removed_rule();
    let mut chars = rule.chars();
    match chars.next() {
        None => "None: correct Paxos".into(),
        Some(c) => c.to_uppercase().chain(chars).collect(),
    }
}

/// The scope as the result says it.
pub fn scope_words(s: &Scope) -> String {
    let count = |n: usize, one: &str, many: &str| {
        let mut w = n.to_string();
        w.push(' ');
        w.push_str(if n == 1 { one } else { many });
        w
    };
    let mut w = count(s.acceptors, "acceptor", "acceptors");
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
    w.push_str("; ");
    if s.variant == Variant::Correct {
        w.push_str("no rule removed");
    } else {
        w.push_str("without the rule that ");
        w.push_str(s.variant.removed_rule());
    }
    w
}

/// A select of numbers.
fn pick(
    id: &'static str,
    label: &'static str,
    options: &[usize],
    value: usize,
    apply: impl Fn(usize) + 'static,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
        if let Ok(n) = s.value().parse() {
            apply(n);
        }
    });
    html! {
        <label class="lab-pick">{ label }
            <select {id} {onchange}>
                { for options.iter().map(|n| html! {
                    <option value={n.to_string()} selected={*n == value}>{ n }</option>
                }) }
            </select>
        </label>
    }
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
    let set = |f: fn(&mut Scope, usize)| {
        let scope = scope.clone();
        move |n: usize| {
            let mut x = *scope;
            f(&mut x, n);
            scope.set(x);
        }
    };
    let on_variant = {
        let scope = scope.clone();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(v) = Variant::ALL.into_iter().find(|v| v.name() == sel.value()) {
                let mut x = *scope;
                x.variant = v;
                // Forgetting shows only in a crash: amnesia's scope has crashes.
                if v == Variant::Amnesia {
                    x.crashes = true;
                }
                scope.set(x);
            }
        })
    };
    let on_crashes = {
        let scope = scope.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let mut x = *scope;
            x.crashes = input.checked();
            scope.set(x);
        })
    };
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
    let on_play = {
        let on_open = props.on_open.clone();
        Callback::from(move |found: Rc<Found<Synod>>| {
            let mut title = "Lab: ".to_string();
            title.push_str(&found.scope.variant.name().replace('_', " "));
            title.push_str(" breaks ");
            title.push_str(found.invariant.title());
            let config = Synod::scope_config(&found.scope);
            on_open
                .emit(Scenario::new(&title, config, found.actions.clone()).replace_step(Some(0)));
            // The lab makes way for the chamber: the focus goes to Step, the next thing to press.
            if let Some(step) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("step"))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = step.focus();
            }
        })
    };
    let amnesia_without_crashes = s.variant == Variant::Amnesia && !s.crashes;
    html! {
        <section class="panel lab" aria-labelledby="lab-title">
            <h2 id="lab-title">{ "Break it: remove a rule, search every interleaving" }</h2>
            <Lab<Synod> scope={s} scope_words={AttrValue::from(scope_words(&s))} {on_play}>
                <label class="lab-pick lab-variant">{ "Rule to remove" }
                    <select id="lab-variant" onchange={on_variant}>
                        { for Variant::ALL.into_iter().map(|v| html! {
                            <option value={v.name()} selected={v == s.variant}>{ rule_label(v) }</option>
                        }) }
                    </select>
                </label>
                <div class="lab-picks">
                    { pick("lab-acceptors", "Acceptors", &ACCEPTORS, s.acceptors, set(|x, n| x.acceptors = n)) }
                    { pick("lab-leaders", "Leaders", &LEADERS, s.leaders, set(|x, n| x.leaders = n)) }
                    { pick("lab-rounds", "Rounds each", &ROUNDS, s.rounds, set(|x, n| x.rounds = n)) }
                    <label class="lab-check"><input id="lab-crashes" type="checkbox" checked={s.crashes} onchange={on_crashes} />{ "Crashes and recoveries" }</label>
                    // The quorums: the rule a leader waits by. (Quorum sizes for phase 1 and phase 2, and
                    // grid quorums, go here once the synod's scope has them.)
                    <label class="lab-pick lab-quorums">{ "A leader waits for" }
                        <select id="lab-quorum-rule" onchange={on_rule}>
                            { for QuorumRule::ALL.into_iter().map(|r| html! {
                                <option value={r.name()} selected={r == s.quorum_rule}>{ r.describe() }</option>
                            }) }
                        </select>
                    </label>
                </div>
                if amnesia_without_crashes {
                    <p class="hint">{ "Without crashes nobody forgets anything: amnesia then behaves as correct Paxos." }</p>
                }
            </Lab<Synod>>
        </section>
    }
}

/// Where a run of a broken variant first breaks a property.
pub struct Break {
    /// The step (1-based).
    pub step: usize,
    /// The property's title ("Agreement").
    pub title: &'static str,
    /// "Step 9 breaks Agreement: without the rule that …, two values are chosen: …."
    pub sentence: String,
}

/// The first step of a run of a broken variant that breaks a property, with the sentence that says so
/// and which rule's absence allowed it. `None` for correct Paxos, or when nothing in the run broke.
pub fn breaking_step(h: &History<World>) -> Option<Break> {
    let variant = h.initial().config.variant;
    if variant == Variant::Correct {
        return None;
    }
    let (index, v) = h
        .outcomes()
        .iter()
        .enumerate()
        .find_map(|(i, s)| s.violations.first().map(|v| (i, v)))?;
    let step = index + 1;
    let mut s = "Step ".to_string();
    s.push_str(&step.to_string());
    s.push_str(" breaks ");
    s.push_str(v.invariant.title());
    s.push_str(": without the rule that ");
    s.push_str(variant.removed_rule());
    s.push_str(", ");
    s.push_str(v.why.trim_end_matches('.'));
    s.push('.');
    Some(Break {
        step,
        title: v.invariant.title(),
        sentence: s,
    })
}
