//! `make bench`: our exhaustive checker and stateright (the reference) on the same synod model and
//! scopes, side by side: distinct states, seconds, states/s, and the ratio of states/s. Both run on
//! one thread, in the same process, taking turns (`RUNS` times each, 3 unless set); each one's
//! fastest run is reported, since on these machines a run's time can swing 3× with the neighbours,
//! and the fastest is the one least disturbed.

#[cfg(not(target_arch = "wasm32"))]
#[path = "../tests/stateright_model/mod.rs"]
mod stateright_model;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use lunch_parliament::sim::check::{search, Checkable};
    use lunch_parliament::synod::check::Scope;
    use lunch_parliament::synod::{Quorums, Synod};
    use stateright::{Checker, Model};
    use std::time::Instant;

    // Stateright is given no symmetry, so ours tells apart every permutation of the acceptors too.
    let scopes = [
        Scope {
            rounds: 1,
            symmetry: false,
            ..Scope::default()
        },
        Scope {
            acceptors: 4,
            rounds: 1,
            quorums: Quorums::Sizes { q1: 2, q2: 3 },
            symmetry: false,
            ..Scope::default()
        },
        Scope {
            rounds: 2,
            symmetry: false,
            ..Scope::default()
        },
    ];
    println!(
        "{:<58} {:>9} {:>8} {:>10} | {:>9} {:>8} {:>10} | ours/stateright",
        "scope", "ours", "s", "states/s", "stateright", "s", "states/s"
    );
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3)
        .max(1);
    for scope in scopes {
        let (mut ours, mut theirs) = (None, None);
        let (mut ours_s, mut theirs_s) = (f64::MAX, f64::MAX);
        for _ in 0..runs {
            let t = Instant::now();
            match search::<Synod>(&scope, 5_000_000) {
                Ok(r) => ours = Some(r),
                Err(e) => {
                    eprintln!("{scope}: {e}");
                    break;
                }
            }
            ours_s = ours_s.min(t.elapsed().as_secs_f64());
            let t = Instant::now();
            let r = stateright_model::SynodModel { scope }
                .checker()
                .threads(1)
                .spawn_bfs()
                .join();
            theirs_s = theirs_s.min(t.elapsed().as_secs_f64());
            theirs = Some(r);
        }
        let (Some(ours), Some(theirs)) = (ours, theirs) else {
            continue;
        };
        let (a, b) = (
            ours.states as f64 / ours_s.max(1e-9),
            theirs.unique_state_count() as f64 / theirs_s.max(1e-9),
        );
        let label = scope.to_string();
        println!(
            "{:<58} {:>9} {:>8.2} {:>10.0} | {:>9} {:>8.2} {:>10.0} | {:.2}×{}",
            label.replace(", 2 dishes, crashes off", ""),
            ours.states,
            ours_s,
            a,
            theirs.unique_state_count(),
            theirs_s,
            b,
            a / b.max(1e-9),
            if ours.states == theirs.unique_state_count() {
                ""
            } else {
                "  (state counts differ!)"
            }
        );
        // Ours again on the same scope with one state for each permutation of the acceptors
        // (stateright can do this too, given a `Representative`; its model here has none).
        let alike = Scope {
            symmetry: true,
            ..scope
        };
        if !Synod::alike(&alike).is_empty() {
            let mut best = None;
            for _ in 0..runs {
                let t = Instant::now();
                let r = search::<Synod>(&alike, 5_000_000);
                let s = t.elapsed().as_secs_f64();
                if best.as_ref().is_none_or(|(_, b)| s < *b) {
                    best = r.ok().map(|r| (r, s));
                }
            }
            if let Some((r, s)) = best {
                println!(
                    "{:<58} {:>9} {:>8.2} {:>10.0} | same verdict in {:.2}× stateright's time",
                    "  the same, acceptors alike (ours only)",
                    r.states,
                    s,
                    r.states as f64 / s.max(1e-9),
                    s / theirs_s.max(1e-9)
                );
            }
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
