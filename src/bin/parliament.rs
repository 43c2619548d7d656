//! `parliament`: the command-line tool over the same core as the web app.
//!
//! ```text
//! parliament replay FILE [--json]     replay a scenario file, print its transcript
//! parliament presets                  list the presets
//! parliament preset NAME [--json]     replay a preset the same way
//! parliament scenario NAME            print a preset as a scenario file
//! parliament check [--protocol synod|corfu] [--variant NAME] [--auto|--manual] [--seeds N] [--steps N]
//!                                     random runs on random configs with every fault; prints the first
//!                                     violation and a scenario file that reproduces it (exit 1)
//! parliament bench                    core throughput and replay figures
//! ```
//! A bad file or bad arguments: exit code 2 and a one-line error.

use lunch_parliament::corfu::{self, presets::CorfuScenario};
use lunch_parliament::scenario::{presets, summarise, Document, Scenario};
use lunch_parliament::sim::{History, SeededRng, Simulation};
use lunch_parliament::synod::explore;
use lunch_parliament::synod::{Config, Variant, World};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: parliament replay FILE [--json] | presets | preset NAME [--json] | \
scenario NAME | check [--protocol synod|corfu] [--variant NAME] [--auto|--manual] [--seeds N] \
[--steps N] | bench";

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
    // One cell per (position, unit), in log order: {"position":0,"unit":"U1","state":"data",
    // "client":"C1","value":"pizza"}.
    let mut log: Vec<serde_json::Value> = w
        .projection()
        .units()
        .iter()
        .flat_map(|u| w.units.get(u.index()).map(|x| (u, x)))
        .flat_map(|(u, x)| {
            x.pages.iter().map(move |(p, s)| {
                let mut cell = serde_json::json!({ "position": p, "unit": u.to_string() });
                match s {
                    corfu::unit::Slot::Written(corfu::Page::Data { client, value }) => {
                        cell["state"] = "data".into();
                        cell["client"] = client.to_string().into();
                        cell["value"] = value.clone().into();
                    }
                    corfu::unit::Slot::Written(corfu::Page::Junk) => cell["state"] = "junk".into(),
                    corfu::unit::Slot::Trimmed => cell["state"] = "trimmed".into(),
                }
                cell
            })
        })
        .collect();
    log.sort_by_key(|c| (c["position"].as_u64(), c["unit"].as_str().map(String::from)));
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

/// What `check` explores.
struct CheckArgs {
    corfu: bool,
    variant: Variant,
    auto: Option<bool>,
    seeds: u64,
    steps: usize,
}

fn check_args(args: &[&str]) -> Result<CheckArgs, String> {
    let mut c = CheckArgs {
        corfu: false,
        variant: Variant::Correct,
        auto: None,
        seeds: 200,
        steps: 300,
    };
    let mut positional = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .copied()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match *a {
            "--protocol" => match value("--protocol")? {
                "synod" => c.corfu = false,
                "corfu" => c.corfu = true,
                other => return Err(format!("unknown protocol '{other}': synod or corfu")),
            },
            "--variant" => {
                let v = value("--variant")?;
                c.variant = serde_json::from_value(serde_json::Value::String(v.to_string()))
                    .map_err(|_| {
                        format!("unknown variant '{v}': correct, amnesia or minority_quorums")
                    })?;
            }
            "--auto" => c.auto = Some(true),
            "--manual" => c.auto = Some(false),
            "--seeds" => {
                let v = value("--seeds")?;
                c.seeds = v
                    .parse()
                    .map_err(|_| format!("--seeds '{v}' is not a number"))?;
            }
            "--steps" => {
                let v = value("--steps")?;
                c.steps = v
                    .parse()
                    .map_err(|_| format!("--steps '{v}' is not a number"))?;
            }
            other if other.starts_with("--") => return Err(format!("unknown option {other}")),
            other => positional.push(other),
        }
    }
    // The older form: check [SEEDS] [STEPS].
    if let Some(v) = positional.first() {
        c.seeds = v
            .parse()
            .map_err(|_| format!("'{v}' is not a number of seeds"))?;
    }
    if let Some(v) = positional.get(1) {
        c.steps = v
            .parse()
            .map_err(|_| format!("'{v}' is not a number of steps"))?;
    }
    if positional.len() > 2 {
        return Err(USAGE.to_string());
    }
    if c.corfu && c.variant != Variant::Correct {
        return Err("CORFU has no broken variants yet".to_string());
    }
    Ok(c)
}

/// Random runs on random configs with every fault (and, for the synod, auto mode and named rounds),
/// every invariant checked after every step. The first violation is printed with the scenario file
/// that reproduces it; exit code 1.
fn check(c: &CheckArgs) -> ExitCode {
    let mut total = 0usize;
    for seed in 0..c.seeds {
        let mut rng = SeededRng::new(seed);
        let found = if c.corfu {
            check_corfu(seed, &mut rng, c.steps, &mut total)
        } else {
            check_synod(&mut rng, c, &mut total)
        };
        match found {
            Ok(None) => {}
            Ok(Some((why, file))) => {
                eprintln!("seed {seed}: {why}");
                eprintln!("scenario file that reproduces it (parliament replay FILE):");
                println!("{file}");
                return ExitCode::from(1);
            }
            Err(e) => return fail(format!("seed {seed}: {e}")),
        }
    }
    let what = if c.corfu {
        "CORFU".to_string()
    } else {
        let variant = serde_json::to_value(c.variant).unwrap_or_default();
        format!("synod, {}", variant.as_str().unwrap_or("?"))
    };
    println!(
        "{} runs, {total} steps ({what}): every invariant held after every step",
        c.seeds
    );
    ExitCode::SUCCESS
}

type Found = Option<(String, String)>;

fn check_synod(rng: &mut SeededRng, c: &CheckArgs, total: &mut usize) -> Result<Found, String> {
    let config = explore::random_config(rng, c.variant, c.auto);
    let world = World::new(config).map_err(|e| format!("bad generated config: {e}"))?;
    let mut h = History::new(world);
    for _ in 0..c.steps {
        let Some(action) = explore::choose_any(h.current(), explore::Choice::random(rng)) else {
            break;
        };
        let shown = action.to_string();
        h.act(action)
            .map_err(|e| format!("chosen action {shown} failed: {e}"))?;
        *total += 1;
        if let Some(v) = h.outcomes().last().and_then(|s| s.violations.first()) {
            let why = format!("{shown} broke {}: {}", v.invariant.name(), v.why);
            let file = Scenario::of_history("Found by parliament check", &h).to_json();
            return Ok(Some((why, file)));
        }
    }
    Ok(None)
}

fn check_corfu(
    seed: u64,
    rng: &mut SeededRng,
    steps: usize,
    total: &mut usize,
) -> Result<Found, String> {
    let mut config = corfu::Config::new(seed);
    config.clients = rng.between(1, 4) as usize;
    config.spares = rng.between(0, 2) as usize;
    let world = corfu::World::new(config.clone()).map_err(|e| e.to_string())?;
    let mut h = History::new(world);
    let mut actions = Vec::new();
    for _ in 0..steps {
        let mut n = || u32::try_from(rng.between(0, u64::from(u32::MAX))).unwrap_or(0);
        let (kind, target, detail) = (n(), n(), n());
        let Some(action) = corfu::explore::choose(h.current(), kind, target, detail) else {
            break;
        };
        h.act(action.clone())
            .map_err(|e| format!("chosen action failed: {e}"))?;
        actions.push(action);
        *total += 1;
        if let Some(v) = h.outcomes().last().and_then(|s| s.violations.first()) {
            let file = CorfuScenario {
                version: 1,
                protocol: "corfu".into(),
                title: "Found by parliament check".into(),
                config,
                actions,
                step: None,
            };
            let why = format!("broke {}: {}", v.invariant.name(), v.why);
            return Ok(Some((
                why,
                serde_json::to_string_pretty(&file).unwrap_or_default(),
            )));
        }
    }
    Ok(None)
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
            // The page's parser: either protocol, and the same messages (a CORFU file that forgot
            // its "protocol" is told so).
            match Document::parse(&text) {
                Ok(Document::Corfu(s)) => print_corfu(&s, json),
                Ok(Document::Synod(s)) => print_replay(&s, json),
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
        ["check", args @ ..] => match check_args(args) {
            Ok(c) => check(&c),
            Err(e) => fail(e),
        },
        ["bench"] => bench(),
        _ => fail(USAGE),
    }
}
