//! The week: one column per slot (Monday, Tuesday, …), a row per canteen (replica) saying what it has
//! for that day — nothing, proposed, decided or served, with the order and its client — and a row per
//! acceptor with the pvalues it accepted for that day; above it, the leaders' ballots. And the week's
//! costs (`multipaxos::week::metrics`).

use lunch_parliament::multipaxos::week::Phases;
use lunch_parliament::multipaxos::{day, Metrics, NodeId, Order, Slot, World};
use yew::prelude::*;

/// "Pizza · C1 #1".
fn order_text(o: &Order) -> String {
    format!("{} · {} #{}", o.dish, o.client, o.number)
}

/// "Mon" for a narrow column header, then the full day for screen readers.
fn short(slot: Slot) -> String {
    let d = day(slot);
    if d.starts_with("day ") {
        d
    } else {
        d.chars().take(3).collect()
    }
}

/// How many days the grid shows: every slot anything happened in, at least a working week.
fn days(w: &World) -> Slot {
    let decided = w.ghost.decided.keys().next_back().copied().unwrap_or(0);
    let replicas = w
        .replicas
        .iter()
        .map(|r| {
            r.slot_in
                .saturating_sub(1)
                .max(r.proposals.keys().next_back().copied().unwrap_or(0))
                .max(r.decisions.keys().next_back().copied().unwrap_or(0))
        })
        .max()
        .unwrap_or(0);
    let accepted = w
        .acceptors
        .iter()
        .flat_map(|a| a.accepted.iter().map(|pv| pv.slot))
        .max()
        .unwrap_or(0);
    decided.max(replicas).max(accepted).clamp(5, 31)
}

/// The leaders in a line: who is active, in which ballot.
fn leaders_line(w: &World) -> Html {
    let active: Vec<String> = w
        .leaders
        .iter()
        .enumerate()
        .filter(|(_, l)| l.active && !l.crashed)
        .map(|(i, l)| format!("{} in ballot {}", NodeId::leader(i), l.ballot))
        .collect();
    let auto = w.state.auto;
    let mode = match (auto.on, auto.backoff) {
        (false, _) => "leaders act by hand",
        (true, true) => "leaders act by themselves, with backoff",
        (true, false) => "leaders act by themselves, no backoff",
    };
    html! {
        <p class="week-leaders" id="mp-active-leader">
            if active.is_empty() {
                <strong>{ "No active leader" }</strong>
            } else {
                <strong>{ format!("Active: {}", active.join("; ")) }</strong>
            }
            { format!(" · {mode}") }
        </p>
    }
}

pub fn week(w: &World) -> Html {
    let days = days(w);
    let replica_row = |i: usize| {
        let r = &w.replicas[i];
        let id = NodeId::replica(i);
        let cells = (1..=days).map(move |s| {
            let served = r.served.iter().find(|(slot, _)| *slot == s);
            let (state, order) = if let Some((_, o)) = served {
                ("served", Some(o))
            } else if let Some(o) = r.decisions.get(&s) {
                ("decided", Some(o))
            } else if let Some(o) = r.proposals.get(&s) {
                ("proposed", Some(o))
            } else {
                ("empty", None)
            };
            let next = r.slot_out == s;
            html! {
                <td class={classes!("cell", "day", state, next.then_some("next"))} data-slot={s.to_string()}
                    data-replica={id.to_string()} data-state={state} data-dish={order.map(|o| o.dish.clone()).unwrap_or_default()}>
                    <span class="content">{ order.map(order_text).unwrap_or_else(|| "·".into()) }</span>
                    if state != "empty" { <span class="unit">{ state }</span> }
                </td>
            }
        });
        let crashed = r.crashed.then_some(" ✖");
        html! {
            <tr class="replica-row">
                <th scope="row">{ format!("{id}{}", crashed.unwrap_or_default()) }</th>
                { for cells }
            </tr>
        }
    };
    let acceptor_row = |i: usize| {
        let a = &w.acceptors[i];
        let id = NodeId::acceptor(i);
        let ballot = a.ballot.map_or("—".to_string(), |b| b.to_string());
        let cells = (1..=days).map(move |s| {
            let here: Vec<String> = a
                .accepted
                .iter()
                .filter(|pv| pv.slot == s)
                .map(|pv| format!("{} {}", pv.order.dish, pv.ballot))
                .collect();
            let state = if here.is_empty() { "empty" } else { "accepted" };
            html! {
                <td class={classes!("cell", "day", state)} data-slot={s.to_string()} data-acceptor={id.to_string()} data-state={state}>
                    <span class="content">{ if here.is_empty() { "·".to_string() } else { here.join(", ") } }</span>
                </td>
            }
        });
        html! {
            <tr class="acceptor-row">
                <th scope="row">{ format!("{id} {ballot}{}", if a.crashed { " ✖" } else { "" }) }</th>
                { for cells }
            </tr>
        }
    };
    html! {
        <section class="panel log week" aria-label="The week">
            <h2>{ "The week: what each canteen serves, and what each acceptor accepted" }</h2>
            { leaders_line(w) }
            <div class="log-scroll" tabindex="0" role="region" aria-label="The week's days (scrolls sideways)">
            <table class="log-strip week-grid">
                <thead>
                    <tr>
                        <th scope="col">{ "day" }</th>
                        { for (1..=days).map(|s| {
                            let decided = w.ghost.decided.contains_key(&s);
                            html! {
                                <th scope="col" class={classes!(decided.then_some("decided"))} data-slot={s.to_string()}>
                                    <span class="pos" title={day(s)}>{ short(s) }</span>
                                    if decided { <span class="marker">{ "✔ decided" }</span> }
                                </th>
                            }
                        }) }
                    </tr>
                </thead>
                <tbody>
                    { for (0..w.replicas.len()).map(replica_row) }
                    { for (0..w.acceptors.len()).map(acceptor_row) }
                </tbody>
            </table>
            </div>
        </section>
    }
}

/// The week's costs.
pub fn costs(m: &Metrics, p: &Phases) -> Html {
    let per = m.messages_per_decided_order.map_or("—".to_string(), |x| {
        lunch_parliament::sim::words::decimals(x, 1)
    });
    html! {
        <section class="panel costs" aria-label="Costs">
            <h2>{ "The week's costs" }</h2>
            <dl class="metrics" id="mp-metrics">
                <dt>{ "Orders decided" }</dt><dd data-metric="orders_decided">{ m.orders_decided }</dd>
                <dt class="detail">{ "Messages sent" }</dt><dd class="detail" data-metric="messages_sent">{ m.messages_sent }</dd>
                <dt>{ "Messages per decided order" }</dt><dd data-metric="messages_per_decided_order">{ per }</dd>
                <dt>{ "Phase 1" }</dt>
                <dd data-metric="phase1">{ format!("{} (a synod per order: {})", p.phase1, p.phase1_synod_per_order) }</dd>
                <dt class="detail">{ "Phase 2" }</dt><dd class="detail" data-metric="phase2">{ p.phase2 }</dd>
                <dt>{ "Ballots started" }</dt><dd data-metric="ballots_started">{ m.ballots_started }</dd>
                <dt>{ "Preemptions" }</dt><dd data-metric="preemptions">{ m.preemptions }</dd>
            </dl>
        </section>
    }
}
