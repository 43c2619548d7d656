//! Multi-Paxos's break-it lab: which rule of PMMC to remove (each broken variant, named by the rule it
//! removes), the scope to search (clients and their orders, canteens, leaders and their rounds,
//! acceptors, the window, crashes), and how a counterexample becomes a run of the Multi-Paxos tab.
//! Also the sentence the tab shows at the step of a run that breaks a property, computed from the run
//! itself (so a shared link shows it too).

use super::{
    change, counterexample, crashes_check, focus_step, pick, rule_of, rule_pick, rule_words,
    scope_words, Break, Found, Lab,
};
use lunch_parliament::multipaxos::check::Scope;
use lunch_parliament::multipaxos::presets::MultiPaxosScenario;
use lunch_parliament::multipaxos::{MultiPaxos, Variant, World};
use lunch_parliament::sim::History;
use std::rc::Rc;
use yew::prelude::*;

/// What each picker offers (the standard scope: 2 clients ordering once, 2 canteens, 2 leaders with one
/// round each, 1 acceptor, a window of 1).
const CLIENTS: [usize; 2] = [1, 2];
const ORDERS: [usize; 2] = [1, 2];
const CANTEENS: [usize; 2] = [1, 2];
const LEADERS: [usize; 2] = [1, 2];
const ROUNDS: [usize; 2] = [1, 2];
const ACCEPTORS: [usize; 2] = [1, 3];
const WINDOW: [usize; 2] = [1, 2];

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Opens a counterexample as the Multi-Paxos tab's run (replacing it, with Undo, like a link).
    pub on_open: Callback<MultiPaxosScenario>,
}

#[function_component(MultiPaxosLab)]
pub fn multipaxos_lab(props: &Props) -> Html {
    let scope = use_state(Scope::default);
    let s = *scope;
    let set = |f: fn(&mut Scope, usize)| change(&scope, f);
    let on_variant = change(&scope, |x: &mut Scope, v| x.variant = v);
    let on_play = {
        let on_open = props.on_open.clone();
        Callback::from(move |found: Rc<Found<MultiPaxos>>| {
            on_open.emit(counterexample(
                &found.scope.variant.name().replace('_', " "),
                &found,
            ));
            focus_step();
        })
    };
    let words = scope_words(&s.extent(), s.variant.removed_rule());
    let rounds = usize::try_from(s.rounds).unwrap_or(1);
    let window = usize::try_from(s.window).unwrap_or(1);
    html! {
        <Lab<MultiPaxos> heading="Break it: remove a rule of Multi-Paxos, search every interleaving" scope={s}
            scope_words={AttrValue::from(words)} {on_play}>
            { rule_pick(&Variant::ALL, s.variant, Variant::name, |v| rule_words(v.removed_rule(), "Multi-Paxos"), on_variant) }
            <div class="lab-picks">
                { pick("lab-clients", "Clients", &CLIENTS, s.clients, set(|x, n| x.clients = n)) }
                { pick("lab-orders", "Orders each", &ORDERS, s.orders, set(|x, n| x.orders = n)) }
                { pick("lab-canteens", "Canteens", &CANTEENS, s.replicas, set(|x, n| x.replicas = n)) }
                { pick("lab-leaders", "Leaders", &LEADERS, s.leaders, set(|x, n| x.leaders = n)) }
                { pick("lab-rounds", "Rounds each", &ROUNDS, rounds, set(|x, n| x.rounds = n as u64)) }
                { pick("lab-acceptors", "Acceptors", &ACCEPTORS, s.acceptors, set(|x, n| x.acceptors = n)) }
                { pick("lab-window", "Window", &WINDOW, window, set(|x, n| x.window = n as u64)) }
                { crashes_check(s.crashes, change(&scope, |x: &mut Scope, on| x.crashes = on)) }
            </div>
            if s.acceptors > 1 && s.leaders > 1 {
                <p class="hint">{ "Three acceptors with two leaders make millions of states: the search may stop at the lab's ceiling before it ends." }</p>
            }
        </Lab<MultiPaxos>>
    }
}

/// The first step of a run of a broken variant that breaks a property, with the sentence that names
/// the rule its variant removed. `None` for correct Multi-Paxos, or when nothing in the run broke.
pub fn breaking_step(h: &History<World>) -> Option<Break> {
    super::breaking_step(h, rule_of(h.initial().config.variant.removed_rule()))
}
