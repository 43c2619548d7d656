//! `make bench`: our exhaustive checker and stateright (the reference) on the same synod model and
//! scopes, side by side: distinct states, seconds, states/s, and the ratio of states/s. Both run on
//! one thread.
//!
//! How it is timed, since on these machines one run's time can swing by half with the neighbours:
//! each timing is its own fresh process (so neither checker inherits the other's heap), the two take
//! turns (`RUNS` times each, 5 unless set), a small scope is searched again and again until at
//! least 0.3 s have passed (its time is the mean), and each checker's fastest run is reported — the
//! one least disturbed.

#[cfg(not(target_arch = "wasm32"))]
#[path = "../tests/stateright_model/mod.rs"]
mod stateright_model;

#[cfg(not(target_arch = "wasm32"))]
mod bench {
    use super::stateright_model::SynodModel;
    use lunch_parliament::sim::check::{search, Checkable};
    use lunch_parliament::synod::check::Scope;
    use lunch_parliament::synod::{Quorums, Synod};
    use stateright::{Checker, Model};
    use std::process::Command;
    use std::time::Instant;

    /// Stateright is given no symmetry, so ours tells apart every permutation of the acceptors too.
    fn scopes() -> [Scope; 3] {
        [
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
        ]
    }

    /// The least time a timing covers (a small scope is searched that many times over).
    const AT_LEAST_S: f64 = 0.3;

    /// One checker on one scope, in this process: prints "states seconds-per-search".
    fn one(who: &str, scope: &Scope) -> Result<(), String> {
        let once = || -> Result<usize, String> {
            match who {
                "ours" => search::<Synod>(scope, 5_000_000).map(|r| r.states),
                "alike" => search::<Synod>(
                    &Scope {
                        symmetry: true,
                        ..*scope
                    },
                    5_000_000,
                )
                .map(|r| r.states),
                "stateright" => Ok(SynodModel { scope: *scope }
                    .checker()
                    .threads(1)
                    .spawn_bfs()
                    .join()
                    .unique_state_count()),
                other => Err(format!("no checker called {other}")),
            }
        };
        let t = Instant::now();
        let (mut states, mut n) = (once()?, 1u32);
        while t.elapsed().as_secs_f64() < AT_LEAST_S {
            states = once()?;
            n += 1;
        }
        println!("{states} {}", t.elapsed().as_secs_f64() / f64::from(n));
        Ok(())
    }

    /// Runs `one` in a fresh process; (states, seconds).
    fn timed(who: &str, scope: usize) -> Result<(usize, f64), String> {
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let out = Command::new(exe)
            .args(["one", who, &scope.to_string()])
            .output()
            .map_err(|e| e.to_string())?;
        let text = String::from_utf8_lossy(&out.stdout);
        let mut words = text.split_whitespace();
        match (
            words.next().and_then(|w| w.parse().ok()),
            words.next().and_then(|w| w.parse().ok()),
        ) {
            (Some(states), Some(s)) => Ok((states, s)),
            _ => Err(format!(
                "{who} on scope {scope}: {}",
                String::from_utf8_lossy(&out.stderr)
            )),
        }
    }

    pub fn main() -> Result<(), String> {
        let args: Vec<String> = std::env::args().skip(1).collect();
        if let [first, who, scope] = args.as_slice() {
            if first == "one" {
                let scope = scope
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| scopes().get(i).copied())
                    .ok_or_else(|| format!("no scope {scope}"))?;
                return one(who, &scope);
            }
        }
        let runs: usize = std::env::var("RUNS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(5)
            .max(1);
        println!(
            "{:<58} {:>9} {:>8} {:>10} | {:>9} {:>8} {:>10} | ours/stateright",
            "scope", "ours", "s", "states/s", "stateright", "s", "states/s"
        );
        for (i, scope) in scopes().iter().enumerate() {
            let (mut ours, mut theirs) = ((0, f64::MAX), (0, f64::MAX));
            for _ in 0..runs {
                let o = timed("ours", i)?;
                let t = timed("stateright", i)?;
                ours = (o.0, ours.1.min(o.1));
                theirs = (t.0, theirs.1.min(t.1));
            }
            let (a, b) = (
                ours.0 as f64 / ours.1.max(1e-9),
                theirs.0 as f64 / theirs.1.max(1e-9),
            );
            let label = scope.to_string();
            println!(
                "{:<58} {:>9} {:>8.3} {:>10.0} | {:>9} {:>8.3} {:>10.0} | {:.2}×{}",
                label.replace(", 2 dishes, crashes off", ""),
                ours.0,
                ours.1,
                a,
                theirs.0,
                theirs.1,
                b,
                a / b.max(1e-9),
                if ours.0 == theirs.0 {
                    ""
                } else {
                    "  (state counts differ!)"
                }
            );
            // Ours again on the same scope with one state for each permutation of the acceptors
            // (stateright can do this too, given a `Representative`; its model here has none).
            let alike = Scope {
                symmetry: true,
                ..*scope
            };
            if !Synod::alike(&alike).is_empty() {
                let mut best = (0, f64::MAX);
                for _ in 0..runs {
                    let r = timed("alike", i)?;
                    best = (r.0, best.1.min(r.1));
                }
                println!(
                    "{:<58} {:>9} {:>8.3} {:>10.0} | same verdict in {:.2}× stateright's time",
                    "  the same, acceptors alike (ours only)",
                    best.0,
                    best.1,
                    best.0 as f64 / best.1.max(1e-9),
                    best.1 / theirs.1.max(1e-9)
                );
            }
        }
        Ok(())
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    if let Err(e) = bench::main() {
        eprintln!("vs_stateright: {e}");
        std::process::exit(1);
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
