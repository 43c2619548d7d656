//! `parliament`: the command-line tool over the same core as the web app.
//!
//! ```text
//! parliament replay FILE [--json]     replay a scenario file, print its transcript
//! parliament presets                  list the presets
//! parliament preset NAME [--json]     replay a preset the same way
//! parliament scenario NAME            print a preset as a scenario file
//! parliament check [--protocol synod|corfu|multipaxos] [--variant NAME] [--auto|--manual] [--seeds N] [--steps N]
//!                                     random runs on random configs with every fault; prints the first
//!                                     violation and a scenario file that reproduces it (exit 1)
//! parliament check --exhaustive [--protocol synod|corfu|multipaxos] [--variant NAME|all] [--out FILE]
//!                                     every interleaving in a small scope (the synod's scope options:
//!                                     --acceptors N --leaders N --rounds N --crashes --any-majority
//!                                     --q1 N --q2 N --grid RxC --no-symmetry); the shortest counterexample as a
//!                                     scenario file (exit 1)
//! parliament bench                    core throughput and replay figures
//! ```
//! A bad file or bad arguments: exit code 2 and a one-line error.

use lunch_parliament::corfu::{self, presets::CorfuScenario, Corfu};
use lunch_parliament::multipaxos::{self, presets::MultiPaxosScenario, MultiPaxos};
use lunch_parliament::scenario::{
    presets, summarise, summarise_with, Document, Scenario, ScenarioFile, Summary,
};
use lunch_parliament::sim::explore::{self, Checked};
use lunch_parliament::sim::{History, Protocol, SeededRng, Simulation};
use lunch_parliament::synod::{self, Config, Synod, Variant, World};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: parliament replay FILE [--json] | presets | preset NAME [--json] | \
scenario NAME | check [--protocol synod|corfu|multipaxos] [--variant NAME] [--auto|--manual] [--seeds N] \
[--steps N] | check --exhaustive [--variant NAME|all] [--acceptors N] [--leaders N] [--rounds N] \
[--crashes] [--any-majority] [--q1 N] [--q2 N] [--grid RxC] [--no-symmetry] [--out FILE] | check --exhaustive \
--protocol corfu|multipaxos [--variant NAME|all] [--out FILE] | bench";

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
    print_summary(summarise(&scenario.title, &history), json)
}

/// A CORFU scenario's replay: transcript, final log, invariants.
fn print_corfu(scenario: &CorfuScenario, json: bool) -> ExitCode {
    let mut scenario = scenario.clone();
    scenario.step = None;
    let history = match scenario.replay() {
        Ok(h) => h,
        Err(e) => return fail(e),
    };
    print_summary(
        summarise_with(&scenario.title, &history, corfu::log::facts),
        json,
    )
}

/// A Multi-Paxos scenario's replay: transcript, the week, what each canteen served, metrics.
fn print_multipaxos(scenario: &MultiPaxosScenario, json: bool) -> ExitCode {
    let mut scenario = scenario.clone();
    scenario.step = None;
    let history = match scenario.replay() {
        Ok(h) => h,
        Err(e) => return fail(e),
    };
    print_summary(
        summarise_with(&scenario.title, &history, multipaxos::facts),
        json,
    )
}

/// The transcript (or the whole summary as JSON); exit code 1 when an invariant broke.
fn print_summary<X: serde::Serialize>(summary: Summary<X>, json: bool) -> ExitCode {
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
    multipaxos: bool,
    variant: Variant,
    /// `--variant all`: every broken variant in turn (exhaustive only).
    all: bool,
    /// `--variant NAME` as typed: which protocol's variant it names is known once every option is
    /// read.
    variant_name: Option<String>,
    corfu_variant: corfu::Variant,
    multipaxos_variant: multipaxos::Variant,
    /// Synod scope options given (`--acceptors` ...), refused for the other protocols.
    synod_scope: Vec<&'static str>,
    auto: Option<bool>,
    seeds: u64,
    steps: usize,
    /// `--exhaustive`: every interleaving in a small scope instead of random runs.
    exhaustive: bool,
    scope: synod::check::Scope,
    /// Where to write the counterexample's scenario file.
    out: Option<String>,
}

fn check_args(args: &[&str]) -> Result<CheckArgs, String> {
    let mut c = CheckArgs {
        corfu: false,
        multipaxos: false,
        variant: Variant::Correct,
        all: false,
        variant_name: None,
        corfu_variant: corfu::Variant::Correct,
        multipaxos_variant: multipaxos::Variant::Correct,
        synod_scope: Vec::new(),
        auto: None,
        seeds: 200,
        steps: 300,
        exhaustive: false,
        scope: synod::check::Scope::default(),
        out: None,
    };
    let number = |flag: &str, v: &str, range: std::ops::RangeInclusive<usize>| {
        v.parse::<usize>()
            .ok()
            .filter(|n| range.contains(n))
            .ok_or_else(|| {
                format!(
                    "{flag} '{v}' is out of range: choose {} to {}",
                    range.start(),
                    range.end()
                )
            })
    };
    let mut positional = Vec::new();
    let mut it = args.iter();
    let (mut q1, mut q2) = (None, None);
    while let Some(a) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .copied()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match *a {
            "--protocol" => match value("--protocol")? {
                "synod" => (c.corfu, c.multipaxos) = (false, false),
                "corfu" => (c.corfu, c.multipaxos) = (true, false),
                "multipaxos" => (c.corfu, c.multipaxos) = (false, true),
                other => {
                    return Err(format!(
                        "unknown protocol '{other}': synod, corfu or multipaxos"
                    ))
                }
            },
            "--variant" => {
                let v = value("--variant")?;
                if v == "all" {
                    c.all = true;
                } else {
                    c.variant_name = Some(v.to_string());
                }
            }
            "--exhaustive" => c.exhaustive = true,
            "--acceptors" => {
                c.synod_scope.push("--acceptors");
                c.scope.acceptors = number("--acceptors", value("--acceptors")?, 3..=5)?
            }
            "--leaders" => {
                c.synod_scope.push("--leaders");
                c.scope.leaders = number("--leaders", value("--leaders")?, 1..=3)?
            }
            "--rounds" => {
                c.synod_scope.push("--rounds");
                c.scope.rounds = number("--rounds", value("--rounds")?, 1..=3)?
            }
            "--crashes" => {
                c.synod_scope.push("--crashes");
                c.scope.crashes = true
            }
            "--no-symmetry" => {
                c.synod_scope.push("--no-symmetry");
                c.scope.symmetry = false
            }
            "--any-majority" => {
                c.synod_scope.push("--any-majority");
                c.scope.quorum_rule = synod::QuorumRule::AnyMajority
            }
            "--q1" => {
                c.synod_scope.push("--q1");
                q1 = Some(number("--q1", value("--q1")?, 1..=5)?)
            }
            "--q2" => {
                c.synod_scope.push("--q2");
                q2 = Some(number("--q2", value("--q2")?, 1..=5)?)
            }
            "--grid" => {
                c.synod_scope.push("--grid");
                let text = value("--grid")?;
                let parsed = text
                    .split_once('x')
                    .and_then(|(r, c)| Some((r.trim().parse().ok()?, c.trim().parse().ok()?)));
                let Some((rows, columns)) = parsed else {
                    return Err(format!("--grid '{text}': write ROWSxCOLUMNS, e.g. 2x2"));
                };
                c.scope.quorums = synod::Quorums::Grid { rows, columns };
            }
            "--out" => c.out = Some(value("--out")?.to_string()),
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
    // Phase-1 and phase-2 quorum sizes (Flexible Paxos); one left out is a majority.
    if q1.is_some() || q2.is_some() {
        let majority = c.scope.acceptors / 2 + 1;
        c.scope.quorums = synod::Quorums::Sizes {
            q1: q1.unwrap_or(majority),
            q2: q2.unwrap_or(majority),
        };
    }
    if let Err(e) = c.scope.quorums.validate(c.scope.acceptors) {
        return Err(e.to_string());
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
    if c.all && !c.exhaustive {
        return Err("--variant all goes with --exhaustive".to_string());
    }
    let protocol = if c.corfu {
        "CORFU"
    } else if c.multipaxos {
        "Multi-Paxos"
    } else {
        "the synod"
    };
    // Each protocol names its own variants.
    if let Some(v) = &c.variant_name {
        if c.corfu {
            c.corfu_variant = variant_of(v, &corfu::Variant::ALL, corfu::Variant::name)?;
        } else if c.multipaxos {
            c.multipaxos_variant =
                variant_of(v, &multipaxos::Variant::ALL, multipaxos::Variant::name)?;
        } else {
            c.variant = variant_of(v, &Variant::ALL, Variant::name)?;
        }
    }
    let broken = c.corfu_variant != corfu::Variant::Correct
        || c.multipaxos_variant != multipaxos::Variant::Correct;
    if broken && !c.exhaustive {
        return Err(format!(
            "the random check runs correct {protocol}: its variants go with --exhaustive"
        ));
    }
    if (c.corfu || c.multipaxos) && c.exhaustive {
        if let Some(flag) = c.synod_scope.first() {
            return Err(format!(
                "{flag} sets the synod's scope: {protocol}'s exhaustive check searches each \
                 variant in the scope its tests verify"
            ));
        }
    }
    Ok(c)
}

/// The variant named `name` among `all`, or an error listing the valid names.
fn variant_of<V: Copy>(name: &str, all: &[V], name_of: fn(V) -> &'static str) -> Result<V, String> {
    all.iter()
        .copied()
        .find(|v| name_of(*v) == name)
        .ok_or_else(|| {
            let names: Vec<&str> = all.iter().map(|v| name_of(*v)).collect();
            format!("unknown variant '{name}': {} or all", names.join(", "))
        })
}

/// Random runs on random configs with every fault (and, for the synod, auto mode and named rounds),
/// every invariant checked after every step: the kit's [`explore::check`], for either protocol. The
/// first violation is printed with the scenario file that reproduces it; exit code 1.
fn check(c: &CheckArgs) -> ExitCode {
    if c.exhaustive && c.corfu {
        return exhaustive_corfu(c);
    }
    if c.exhaustive && c.multipaxos {
        return exhaustive_multipaxos(c);
    }
    if c.exhaustive {
        return exhaustive(c);
    }
    if c.multipaxos {
        report(
            explore::check::<MultiPaxos>(c.seeds, c.steps, &()),
            "Multi-Paxos".into(),
        )
    } else if c.corfu {
        report(
            explore::check::<Corfu>(c.seeds, c.steps, &()),
            "CORFU".into(),
        )
    } else {
        let options = synod::explore::Options {
            variant: c.variant,
            auto: c.auto,
        };
        let variant = serde_json::to_value(c.variant).unwrap_or_default();
        let what = format!("synod, {}", variant.as_str().unwrap_or("?"));
        report(explore::check::<Synod>(c.seeds, c.steps, &options), what)
    }
}

/// Every interleaving in the scope, breadth first: the figures, and for a broken property the shortest
/// counterexample as a scenario file (`--out FILE`, else printed) that `parliament replay` shows
/// breaking it. `--variant all`: a table, one row per variant.
fn exhaustive(c: &CheckArgs) -> ExitCode {
    let variants: Vec<Variant> = if c.all {
        Variant::ALL.to_vec()
    } else {
        vec![c.variant]
    };
    let scopes = variants
        .into_iter()
        .map(|variant| {
            // Amnesia is about crashes: its scope has them.
            let scope = synod::check::Scope {
                variant,
                crashes: c.scope.crashes || (c.all && variant == Variant::Amnesia),
                ..c.scope
            };
            let name = if scope.quorums.is_majority() {
                variant.name().to_string()
            } else {
                format!("{} with {}", variant.name(), scope.quorums.describe())
            };
            (name, scope)
        })
        .collect();
    search_each::<Synod>(scopes, c.all, c.out.as_deref())
}

/// CORFU's variants to search (`--variant NAME`, every one with `all`, else correct CORFU), each in
/// the scope its tests verify (`corfu::check::Scope::of`).
fn exhaustive_corfu(c: &CheckArgs) -> ExitCode {
    let variants = if c.all {
        corfu::Variant::ALL.to_vec()
    } else {
        vec![c.corfu_variant]
    };
    let scopes = variants
        .into_iter()
        .map(|v| (v.name().to_string(), corfu::check::Scope::of(v)))
        .collect();
    search_each::<Corfu>(scopes, c.all, c.out.as_deref())
}

/// Multi-Paxos's variants to search, as [`exhaustive_corfu`] does CORFU's.
fn exhaustive_multipaxos(c: &CheckArgs) -> ExitCode {
    let variants = if c.all {
        multipaxos::Variant::ALL.to_vec()
    } else {
        vec![c.multipaxos_variant]
    };
    let scopes = variants
        .into_iter()
        .map(|v| (v.name().to_string(), multipaxos::check::Scope::of(v)))
        .collect();
    search_each::<MultiPaxos>(scopes, c.all, c.out.as_deref())
}

/// Every interleaving in each scope, breadth first: the same figure line as the synod's, and for a
/// broken property the shortest counterexample as a scenario file (`out`, else printed) that
/// `parliament replay` shows breaking it; with `all`, one line per variant and no files.
fn search_each<P: lunch_parliament::sim::check::Checkable>(
    scopes: Vec<(String, P::Scope)>,
    all: bool,
    out: Option<&str>,
) -> ExitCode
where
    P::Scope: std::fmt::Display,
    P::Config: serde::Serialize + serde::de::DeserializeOwned,
    P::Action: serde::Serialize + serde::de::DeserializeOwned,
{
    use lunch_parliament::sim::check::search;
    use lunch_parliament::sim::Named;
    const LIMIT: usize = 5_000_000;
    let mut broke = false;
    for (name, scope) in scopes {
        let t = Instant::now();
        let r = match search::<P>(&scope, LIMIT) {
            Ok(r) => r,
            Err(e) => return fail(e),
        };
        let secs = t.elapsed().as_secs_f64();
        let verdict = match (&r.violation, r.incomplete) {
            (Some(v), _) => format!(
                "BROKEN: {} in {} steps ({})",
                v.invariant.name(),
                v.moves.len(),
                v.why
            ),
            (None, true) => format!(
                "no violation in the first {} states (stopped there)",
                r.states
            ),
            (None, false) => "no way to break it".to_string(),
        };
        println!(
            "{scope}: {} states, {} transitions, depth {}, {secs:.2} s, {:.0} states/s: {verdict}",
            r.states,
            r.transitions,
            r.depth,
            r.states as f64 / secs.max(1e-9)
        );
        let Some(v) = r.violation else { continue };
        broke = true;
        if all {
            continue;
        }
        let actions = match v.actions(&scope) {
            Ok(a) => a,
            Err(e) => return fail(e),
        };
        let title = format!("{name} breaks {}", v.invariant.name());
        let file = ScenarioFile::<P>::new(&title, P::scope_config(&scope), actions).to_json();
        match out {
            Some(path) => {
                if let Err(e) = std::fs::write(path, &file) {
                    return fail(format!("cannot write {path}: {e}"));
                }
                eprintln!("counterexample written to {path} (parliament replay {path})");
            }
            None => println!("{file}"),
        }
    }
    if broke {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn report<P: Protocol>(checked: Result<Checked<P>, String>, what: String) -> ExitCode
where
    P::Config: serde::Serialize + serde::de::DeserializeOwned,
    P::Action: serde::Serialize + serde::de::DeserializeOwned,
{
    match checked {
        Err(e) => fail(e),
        Ok(Checked {
            found: Some(found), ..
        }) => {
            eprintln!("seed {}: {}", found.seed, found.why);
            eprintln!("scenario file that reproduces it (parliament replay FILE):");
            let file = ScenarioFile::of_history("Found by parliament check", &found.history);
            println!("{}", file.to_json());
            ExitCode::from(1)
        }
        Ok(Checked { runs, steps, .. }) => {
            println!("{runs} runs, {steps} steps ({what}): every invariant held after every step");
            ExitCode::SUCCESS
        }
    }
}

fn bench() -> ExitCode {
    let config = Config::new(9, &["Thai", "Taco", "Pizza"], 2026);
    let Ok(world) = World::new(config) else {
        return fail("bad bench config");
    };
    let n = 100_000;
    let actions = synod::explore::random_actions(&world, &mut SeededRng::new(7), n);
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
    // The other protocols' cores on their own random runs (every fault included).
    println!("{}", throughput::<Corfu>("CORFU", &()));
    println!(
        "{}",
        throughput::<lunch_parliament::multipaxos::MultiPaxos>("Multi-Paxos", &())
    );
    ExitCode::SUCCESS
}

/// Actions per second of `P`'s world over random runs of random configs (the kit's exploration):
/// 200 runs of 500 steps, chosen first, then applied and timed.
fn throughput<P: explore::Explore>(name: &str, options: &P::Options) -> String {
    let mut runs = Vec::new();
    for seed in 0..200 {
        let mut rng = SeededRng::new(seed);
        let config = P::random_config(&mut rng, options);
        let Ok(world) = P::start(&config) else {
            return format!("{name}: bad random config");
        };
        let actions =
            explore::random_actions(&world, &mut rng, 500, |w, c| P::choose(w, c, options));
        runs.push((world, actions));
    }
    let total: usize = runs.iter().map(|(_, a)| a.len()).sum();
    let t = Instant::now();
    for (world, actions) in &mut runs {
        for a in actions.iter() {
            if world.apply(a).is_err() {
                return format!("{name}: a random run diverged");
            }
        }
    }
    let secs = t.elapsed().as_secs_f64();
    format!(
        "core, {name}: {total} actions over 200 random runs in {secs:.3} s = {:.0} actions/s",
        total as f64 / secs
    )
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
                Ok(Document::MultiPaxos(s)) => print_multipaxos(&s, json),
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
            for p in multipaxos::presets::presets() {
                println!("{:28} {:28} Multi-Paxos: {}", p.id, p.name, p.summary);
            }
            ExitCode::SUCCESS
        }
        ["preset", name] if multipaxos::presets::preset(name).is_some() => {
            match multipaxos::presets::preset(name).map(|p| p.scenario()) {
                Some(Ok(s)) => print_multipaxos(&s, json),
                Some(Err(e)) => fail(e),
                None => fail("no such preset"),
            }
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
        ["scenario", name] if multipaxos::presets::preset(name).is_some() => {
            match multipaxos::presets::preset(name).map(|p| p.scenario()) {
                Some(Ok(s)) => {
                    println!("{}", s.to_json());
                    ExitCode::SUCCESS
                }
                Some(Err(e)) => fail(e),
                None => fail("no such preset"),
            }
        }
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
