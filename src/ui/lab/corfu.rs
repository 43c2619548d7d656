//! CORFU's break-it lab: which rule of CORFU to remove (each broken variant, named by the rule it
//! removes), the scope to search (writers, readers, crashes, a reconfiguration), and how a
//! counterexample becomes a run of the CORFU tab. Also the sentence the tab shows at the step of a run
//! that breaks a property, computed from the run itself (so a shared link shows it too).
//!
//! `eager_fill` removes a rule that protects no safety property (tests/checker_corfu.rs: write-once at
//! the head decides every race between a writer's entry and a filler's junk): the picker says so, and
//! "No way to break it" is then the truth the search shows.

use super::{
    change, counterexample, crashes_check, focus_step, pick, rule_of, rule_pick, rule_words,
    scope_words, Break, Found, Lab,
};
use lunch_parliament::corfu::check::Scope;
use lunch_parliament::corfu::presets::CorfuScenario;
use lunch_parliament::corfu::{Corfu, Variant, World};
use lunch_parliament::sim::History;
use std::rc::Rc;
use yew::prelude::*;

/// What each picker offers (the standard scope: 2 writers appending once, 1 reader reading once).
const WRITERS: [usize; 2] = [1, 2];
const APPENDS: [usize; 2] = [1, 2];
const READERS: [usize; 3] = [0, 1, 2];
const READS: [usize; 2] = [1, 2];

/// The rule a variant removes, as the picker lists it; a rule whose absence breaks no safety property
/// says so.
fn rule_label(v: Variant) -> String {
    let mut l = rule_words(v.removed_rule(), "CORFU");
    if v == Variant::EagerFill {
        l.push_str(" (protects no safety property: a slow writer only loses its position)");
    }
    l
}

/// Whether the scope may have a reconfiguration: with two clients or more its search has no end (a
/// client refused "sealed" asks again at once for as long as the installation waits; see
/// `corfu::check`).
fn reconfigurable(s: &Scope) -> bool {
    s.writers + s.readers == 1
}

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Opens a counterexample as the CORFU tab's run (replacing it, with Undo, like a shared link).
    pub on_open: Callback<CorfuScenario>,
}

#[function_component(CorfuLab)]
pub fn corfu_lab(props: &Props) -> Html {
    let scope = use_state(Scope::default);
    let s = *scope;
    let set = |f: fn(&mut Scope, usize)| {
        change(&scope, move |x: &mut Scope, n| {
            f(x, n);
            // A reconfiguration only with one client (else the scope has no end).
            if !reconfigurable(x) {
                x.reconfigurations = 0;
                x.spares = 0;
            }
        })
    };
    let on_variant = change(&scope, |x: &mut Scope, v| x.variant = v);
    let on_reconfigure = {
        let scope = scope.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let mut x = *scope;
            let on = input.checked() && reconfigurable(&x);
            x.reconfigurations = usize::from(on);
            x.spares = usize::from(on);
            scope.set(x);
        })
    };
    let on_play = {
        let on_open = props.on_open.clone();
        Callback::from(move |found: Rc<Found<Corfu>>| {
            on_open.emit(counterexample(
                &found.scope.variant.name().replace('_', " "),
                &found,
            ));
            focus_step();
        })
    };
    let words = scope_words(&s.extent(), s.variant.removed_rule());
    html! {
        <Lab<Corfu> heading="Break it: remove a rule of CORFU, search every interleaving" scope={s}
            scope_words={AttrValue::from(words)} {on_play}>
            { rule_pick(&Variant::ALL, s.variant, Variant::name, rule_label, on_variant) }
            <div class="lab-picks">
                { pick("lab-writers", "Writers", &WRITERS, s.writers, set(|x, n| x.writers = n)) }
                { pick("lab-appends", "Appends each", &APPENDS, s.appends, set(|x, n| x.appends = n)) }
                { pick("lab-readers", "Readers", &READERS, s.readers, set(|x, n| x.readers = n)) }
                { pick("lab-reads", "Reads or fills each", &READS, s.reads, set(|x, n| x.reads = n)) }
                { crashes_check(s.crashes, change(&scope, |x: &mut Scope, on| x.crashes = on)) }
                <label class="lab-check"><input id="lab-reconfigure" type="checkbox" checked={s.reconfigurations > 0}
                    disabled={!reconfigurable(&s)} onchange={on_reconfigure} />{ "A reconfiguration (with a spare unit)" }</label>
            </div>
            if !reconfigurable(&s) {
                <p class="hint">{ "A reconfiguration is searched with one client only: with two, a client refused “sealed” asks again at once for as long as the new projection waits, and the search has no end." }</p>
            }
            if s.variant == Variant::EagerFill {
                <p class="hint">{ "Without the wait a reader may junk a slow writer’s position; the writer is refused and appends at another. Write-once at the head decides every such race, so the search should find no way to break a property: it costs the writer a position, not safety." }</p>
            }
        </Lab<Corfu>>
    }
}

/// The first step of a run of a broken variant that breaks a property, with the sentence that names
/// the rule its variant removed. `None` for correct CORFU, or when nothing in the run broke.
pub fn breaking_step(h: &History<World>) -> Option<Break> {
    super::breaking_step(h, rule_of(h.initial().config.variant.removed_rule()))
}
