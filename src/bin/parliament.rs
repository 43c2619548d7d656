//! `parliament`: the command-line tool over the same core as the web app.
//!
//! ```text
//! parliament replay FILE [--json]     replay a scenario file, print its transcript
//! parliament presets                  list the presets
//! parliament preset NAME [--json]     replay a preset the same way
//! parliament scenario NAME            print a preset as a scenario file
//! parliament check [SEEDS] [STEPS]    random runs on random configs; fails if an invariant breaks
//! parliament bench                    core throughput and replay figures
//! ```
//! A bad file or bad arguments: exit code 2 and a one-line error.

use lunch_parliament::corfu::{self, presets::CorfuScenario};
use lunch_parliament::scenario::{presets, summarise, Scenario};
use lunch_parliament::sim::{History, SeededRng, Simulation};
use lunch_parliament::synod::explore;
use lunch_parliament::synod::{Config, World};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: parliament replay FILE [--json] | presets | preset NAME [--json] | \
scenario NAME | check [SEEDS] [STEPS] | bench";

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("parliament: {msg}");
    ExitCode::from(2)
}

fn print_replay(scenario: &Scenario, json: bool) -> ExitCode {
    let mut scenario = scenario.clone();
    scenario.step = None;
    let history = match scenario.replay() {
        Ok(h) => h,
        Err(e) => return fail(e),
    };
    let summary = summarise(&scenario.title, &history);
    if json {
        match serde_json::to_string_pretty(&summary) {
            Ok(text) => println!("{text}"),
            Err(e) => return fail(e),
        }
    } else {
        for line in &summary.transcript {
            println!("{line}");
        }
    }
    if summary.invariants.values().all(|&held| held) {
        ExitCode::SUCCESS
    } else {
        // A broken variant: the transcript shows which invariant broke.
        ExitCode::from(1)
    }
}

/// A CORFU scenario's replay: transcript, final log, invariants.
fn print_corfu(scenario: &CorfuScenario, json: bool) -> ExitCode {
    let mut scenario = scenario.clone();
    scenario.step = None;
    let h = match scenario.replay() {
        Ok(h) => h,
        Err(e) => return fail(e),
    };
    let transcript: Vec<String> = h
        .outcomes()
        .iter()
        .flat_map(corfu::transcript::step_lines)
        .collect();
    let mut held: std::collections::BTreeMap<&str, bool> = corfu::invariants::Invariant::ALL
        .iter()
        .map(|i| (i.name(), true))
        .collect();
    for step in h.outcomes() {
        for v in &step.violations {
            held.insert(v.invariant.name(), false);
        }
    }
    let w = h.current();
    let log: std::collections::BTreeMap<String, String> = w
        .projection()
        .units()
        .iter()
        .flat_map(|u| w.units.get(u.index()).map(|x| (u, x)))
        .flat_map(|(u, x)| {
            x.pages
                .iter()
                .map(move |(p, s)| (format!("{p}@{u}"), format!("{s:?}")))
        })
        .collect();
    if json {
        let out = serde_json::json!({
            "title": scenario.title,
            "protocol": "corfu",
            "steps": h.len(),
            "transcript": transcript,
            "log": log,
            "invariants": held,
            "trace_hash": h.full_digest().hex(),
        });
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    } else {
        for line in &transcript {
            println!("{line}");
        }
    }
    if held.values().all(|&b| b) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn find_preset(name: &str) -> Result<Scenario, String> {
    let p = lunch_parliament::scenario::preset(name).ok_or_else(|| {
        let ids: Vec<&str> = presets().iter().map(|p| p.id).collect();
        format!("no preset '{name}'; try one of: {}", ids.join(", "))
    })?;
    p.scenario()
}

/// Random runs on random configs, asserting every invariant at every step.
fn check(seeds: u64, steps: usize) -> ExitCode {
    let mut total = 0usize;
    for seed in 0..seeds {
        let mut rng = SeededRng::new(seed);
        let acceptors = rng.between(3, 9) as usize;
        let dishes = ["Thai", "Taco", "Pizza"];
        let leaders = rng.between(1, 3) as usize;
        let config = Config::new(acceptors, &dishes[..leaders], seed);
        let Ok(mut world) = World::new(config) else {
            return fail("bad generated config");
        };
        for _ in 0..steps {
            let Some(action) = explore::choose(&world, explore::Choice::random(&mut rng)) else {
                break;
            };
            match world.apply(&action) {
                Ok(step) if !step.violations.is_empty() => {
                    eprintln!("seed {seed}: {action} broke {:?}", step.violations);
                    return ExitCode::from(1);
                }
                Ok(_) => total += 1,
                Err(e) => return fail(format!("seed {seed}: chosen action {action} failed: {e}")),
            }
        }
    }
    println!("{seeds} runs, {total} steps: every invariant held after every step");
    ExitCode::SUCCESS
}

fn bench() -> ExitCode {
    let config = Config::new(9, &["Thai", "Taco", "Pizza"], 2026);
    let Ok(world) = World::new(config) else {
        return fail("bad bench config");
    };
    let n = 100_000;
    let actions = explore::random_actions(&world, &mut SeededRng::new(7), n);
    // Throughput: apply the actions to a bare world.
    let mut w = world.clone();
    let t = Instant::now();
    for a in &actions {
        if w.apply(a).is_err() {
            return fail("bench run diverged");
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "core: {} actions on 9 acceptors, 3 leaders in {:.3} s = {:.0} actions/s",
        actions.len(),
        secs,
        actions.len() as f64 / secs
    );
    // Replay into a history (what loading a 100,000-step scenario costs), then time travel.
    let t = Instant::now();
    let mut h = History::new(world);
    for a in &actions {
        if h.act(a.clone()).is_err() {
            return fail("bench replay diverged");
        }
    }
    println!(
        "replay: {} steps into a history with checkpoints in {:.3} s",
        h.len(),
        t.elapsed().as_secs_f64()
    );
    h.seek(0);
    let t = Instant::now();
    h.seek(100_000);
    println!(
        "seek: from step 0 to step {} in {:.3} ms (nearest checkpoint, then replay)",
        h.cursor(),
        t.elapsed().as_secs_f64() * 1e3
    );
    let t = Instant::now();
    h.back(1);
    println!(
        "back one step from {}: {:.3} ms",
        h.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    // Autoplay on the Dueling leaders preset: ticks into a history, as the Play button does.
    let duel =
        lunch_parliament::scenario::preset("dueling-leaders").and_then(|p| p.scenario().ok());
    let Some(Ok(mut h)) = duel.map(|s| s.replace_step(None).replay()) else {
        return fail("the dueling preset does not replay");
    };
    let steps = 50_000;
    let t = Instant::now();
    for _ in 0..steps {
        if h.act(lunch_parliament::synod::Action::Tick).is_err() {
            return fail("the duel stopped");
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "autoplay, Dueling leaders: {steps} ticks in {secs:.3} s = {:.0} steps/s ({} rounds, no decision)",
        steps as f64 / secs,
        h.current().metrics.rounds_started
    );
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let rest: Vec<&str> = args
        .iter()
        .filter(|a| *a != "--json")
        .map(String::as_str)
        .collect();
    match rest.as_slice() {
        ["replay", file] => {
            let text = match std::fs::read(file) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(t) => t,
                    Err(_) => return fail(format!("{file}: not a scenario file: not UTF-8 text")),
                },
                Err(e) => return fail(format!("{file}: {e}")),
            };
            if lunch_parliament::scenario::protocol_of(&text).as_deref() == Some("corfu") {
                return match lunch_parliament::scenario::parse_corfu(&text) {
                    Ok(s) => print_corfu(&s, json),
                    Err(e) => fail(format!("{file}: {e}")),
                };
            }
            match Scenario::parse(&text) {
                Ok(s) => print_replay(&s, json),
                Err(e) => fail(format!("{file}: {e}")),
            }
        }
        ["presets"] => {
            for p in presets() {
                println!("{:28} {:28} {}", p.id, p.name, p.summary);
            }
            for p in corfu::presets::presets() {
                println!("{:28} {:28} CORFU: {}", p.id, p.name, p.summary);
            }
            ExitCode::SUCCESS
        }
        ["preset", name] => match corfu::presets::preset(name) {
            Some(p) => match p.scenario() {
                Ok(s) => print_corfu(&s, json),
                Err(e) => fail(e),
            },
            None => match find_preset(name) {
                Ok(s) => print_replay(&s, json),
                Err(e) => fail(e),
            },
        },
        ["scenario", name] if corfu::presets::preset(name).is_some() => {
            match corfu::presets::preset(name).map(|p| p.scenario()) {
                Some(Ok(s)) => {
                    println!("{}", serde_json::to_string_pretty(&s).unwrap_or_default());
                    ExitCode::SUCCESS
                }
                Some(Err(e)) => fail(e),
                None => fail("no such preset"),
            }
        }
        ["scenario", name] => match find_preset(name) {
            Ok(s) => {
                println!("{}", s.to_json());
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        ["check"] => check(200, 300),
        ["check", seeds] | ["check", seeds, _] => {
            let steps = rest.get(2).map_or(Ok(300), |s| s.parse::<usize>());
            match (seeds.parse::<u64>(), steps) {
                (Ok(seeds), Ok(steps)) => check(seeds, steps),
                _ => fail(USAGE),
            }
        }
        ["bench"] => bench(),
        _ => fail(USAGE),
    }
}
