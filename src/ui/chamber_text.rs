//! Every node's state as text, and the messengers in flight (the full SVG chamber comes later).

use lunch_parliament::synod::leader::RoundPhase;
use lunch_parliament::synod::{NodeId, World};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub world: World,
}

fn opt<T: ToString>(v: Option<T>, none: &str) -> String {
    v.map_or(none.to_string(), |x| x.to_string())
}

#[function_component(ChamberText)]
pub fn chamber_text(props: &Props) -> Html {
    let w = &props.world;
    let k = w.leaders.len();
    html! {
        <section class="panel chamber" aria-label="Chamber">
            <h2>{ "The chamber" }<span class="clock">{ format!(" · time {}", w.now) }</span></h2>
            <table class="nodes">
                <thead><tr><th>{ "Acceptor" }</th><th>{ "Promised" }</th><th>{ "Accepted" }</th><th>{ "Decided" }</th></tr></thead>
                <tbody>
                { for w.acceptors.iter().enumerate().map(|(i, a)| {
                    let id = NodeId::acceptor(i);
                    let accepted = a.ledger.accepted.as_ref().map(|v| format!("{} in round {}", v.value, v.round));
                    html! {
                        <tr class={classes!("node", a.crashed.then_some("crashed"))} data-node={id.to_string()}>
                            <th scope="row">{ id.speaker(k) }{ if a.crashed { " (crashed)" } else { "" } }</th>
                            <td>{ opt(a.ledger.promised.map(|r| format!("round {r}")), "—") }</td>
                            <td>{ opt(accepted, "nothing") }</td>
                            <td>{ opt(a.ledger.decided.clone(), "—") }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            <table class="nodes">
                <thead><tr><th>{ "Leader" }</th><th>{ "Likes" }</th><th>{ "Round" }</th><th>{ "Decided" }</th></tr></thead>
                <tbody>
                { for w.leaders.iter().enumerate().map(|(i, l)| {
                    let id = NodeId::leader(i);
                    let round = l.current.as_ref().map(|s| {
                        let phase = match &s.phase {
                            RoundPhase::Preparing { promises } => format!("preparing, {}/{} promises", promises.len(), s.quorum.len()),
                            RoundPhase::Proposing { value, accepted } => format!("proposing {value}, {}/{} accepted", accepted.len(), s.quorum.len()),
                            RoundPhase::Decided { value } => format!("decided {value}"),
                        };
                        let pre = s.preempted.map(|(_, r)| format!(" · preempted by round {r}")).unwrap_or_default();
                        format!("round {}: {phase}{pre}", s.round)
                    });
                    html! {
                        <tr class={classes!("node", l.crashed.then_some("crashed"))} data-node={id.to_string()}>
                            <th scope="row">{ format!("Leader {}", i + 1) }{ if l.crashed { " (crashed)" } else { "" } }</th>
                            <td>{ l.preference.clone() }</td>
                            <td>{ opt(round, "idle") }</td>
                            <td>{ opt(l.ledger.decided.clone(), "—") }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            <h3>{ format!("Messengers in flight: {}", w.network.in_flight().len()) }</h3>
            <ul class="messengers">
                { for w.network.in_flight().iter().map(|m| html! {
                    <li class="messenger">
                        <span class="mid">{ m.id.to_string() }</span>{ " " }
                        <span class="label">{ m.payload.label() }</span>
                        { format!(" · {} → {} · due at {}", m.from, m.to, m.due_at) }
                    </li>
                }) }
            </ul>
        </section>
    }
}
