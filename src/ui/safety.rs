//! The safety panel: each invariant with its one-line why, and termination (who decided, who not yet).

use lunch_parliament::synod::invariants;
use lunch_parliament::synod::World;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub world: World,
}

#[function_component(SafetyPanel)]
pub fn safety_panel(props: &Props) -> Html {
    let report = invariants::report(&props.world);
    html! {
        <section class="panel safety" aria-label="Safety">
            <h2>{ "Safety and progress" }</h2>
            <ul class="checks">
                { for report.checks.iter().map(|(inv, result)| {
                    let (mark, state, why) = match result {
                        Ok(why) => ("✔", "holds", why.clone()),
                        Err(why) => ("✘", "broken", why.clone()),
                    };
                    html! {
                        <li class={classes!("check", state)} data-invariant={inv.name()}>
                            <span class="mark" aria-hidden="true">{ mark }</span>
                            <strong>{ inv.title() }</strong>
                            <span class="state">{ format!(" {state}: ") }</span>
                            <span class="why">{ why }</span>
                        </li>
                    }
                }) }
                <li class="check termination" data-invariant="termination">
                    <span class="mark" aria-hidden="true">{ if report.termination.waiting.is_empty() && report.termination.crashed.is_empty() { "✔" } else { "…" } }</span>
                    <strong>{ "Termination" }</strong>
                    <span class="state">{ ": " }</span>
                    <span class="why">{ report.termination.why.clone() }</span>
                </li>
            </ul>
        </section>
    }
}
