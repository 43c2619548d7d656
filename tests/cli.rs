//! The command-line tool: transcript, JSON summary, exit codes.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::parliament;

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("parliament-test-{}-{name}", std::process::id()));
    std::fs::write(&path, text).expect("write temp file");
    path
}

#[test]
fn preset_json_has_transcript_decided_chosen_invariants() {
    let (code, out, _) = parliament(&["preset", "Round 10", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    let transcript = v["transcript"].as_array().expect("transcript");
    assert_eq!(
        transcript.last().and_then(|l| l.as_str()),
        Some("Leader 2: Yay, Taco!")
    );
    assert_eq!(v["decided"]["A2"], "Taco");
    assert_eq!(v["chosen"], "Taco");
    assert_eq!(v["invariants"]["agreement"], true);
    assert_eq!(v["invariants"]["validity"], true);
    assert_eq!(v["trace_hash"].as_str().map(str::len), Some(16));
}

#[test]
fn replay_of_a_scenario_file_prints_the_transcript() {
    let (code, scenario, _) = parliament(&["scenario", "round-8"]);
    assert_eq!(code, 0);
    let path = temp_file("round8.json", &scenario);
    let (code, out, err) = parliament(&["replay", path.to_str().expect("utf-8 path")]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(out.contains("Acceptor 2: I already accepted Thai in round 6.\n"));
    assert_eq!(
        out.lines().last(),
        Some("Leader 1 has 2 of 3 promises for round 8.")
    );
    let (_, json, _) = parliament(&["replay", path.to_str().expect("utf-8 path"), "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["chosen"], serde_json::Value::Null);
    let _ = std::fs::remove_file(path);
}

#[test]
fn a_bad_file_exits_2_with_one_line() {
    let path = temp_file("bad.json", r#"{"version": 1, "config": {"acceptors": 3}}"#);
    let (code, out, err) = parliament(&["replay", path.to_str().expect("utf-8 path")]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("missing field `leaders`"), "{err}");
    let (code, _, err) = parliament(&["replay", "/no/such/file.json"]);
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1);
    let (code, _, err) = parliament(&["preset", "nope"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("parliament: no preset 'nope'; try one of: one-round, round-8"));
    let (code, _, _) = parliament(&["frobnicate"]);
    assert_eq!(code, 2);
    let _ = std::fs::remove_file(path);
}

#[test]
fn presets_are_listed() {
    let (code, out, _) = parliament(&["presets"]);
    assert_eq!(code, 0);
    for id in [
        "round-8",
        "round-10",
        "stale-leader",
        "leader-crashes-after-learn",
    ] {
        assert!(out.lines().any(|l| l.starts_with(id)), "{id} missing");
    }
}

#[test]
fn a_broken_variant_replays_with_exit_1() {
    let (code, out, _) = parliament(&["preset", "broken-amnesia"]);
    assert_eq!(code, 1);
    assert!(out.contains("!! Invariant broken — Agreement"));
}

#[test]
fn check_runs_random_worlds() {
    let (code, out, _) = parliament(&["check", "20", "100"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("20 runs, "), "{out}");
}

#[test]
fn replay_accepts_corfu_scenarios_too() {
    let (code, scenario, _) = parliament(&["scenario", "hole-and-fill"]);
    assert_eq!(code, 0);
    assert!(scenario.contains("\"protocol\": \"corfu\""));
    let path = temp_file("corfu.json", &scenario);
    let (code, out, err) = parliament(&["replay", path.to_str().expect("utf-8 path"), "--json"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let t: Vec<&str> = v["transcript"]
        .as_array()
        .expect("transcript")
        .iter()
        .filter_map(|l| l.as_str())
        .collect();
    assert!(t.contains(&"C1 waited for position 1, then filled it with junk."));
    assert_eq!(v["invariants"]["write_once"], true);
    // Structured log cells, not Rust debug text (issue 11).
    let cells = v["log"].as_array().expect("log cells");
    assert!(
        cells.contains(&serde_json::json!({"position": 1, "unit": "U4", "state": "junk"})),
        "{cells:?}"
    );
    assert!(
        cells
            .iter()
            .any(|c| c["state"] == "data" && c["client"] == "C1" && c["value"].is_string()),
        "{cells:?}"
    );
    let bad = temp_file(
        "corfu-bad.json",
        &scenario.replace("\"units\": 4", "\"units\": 40"),
    );
    let (code, _, err) = parliament(&["replay", bad.to_str().expect("utf-8 path")]);
    assert_eq!(code, 2);
    assert!(err.contains("40 storage units is out of range"), "{err}");
    let _ = std::fs::remove_file(path);
    let _ = std::fs::remove_file(bad);
}

/// `check` covers both protocols, auto mode and the broken variants; a violation comes with a scenario
/// file that `replay` reproduces.
#[test]
fn check_finds_a_broken_variant_and_prints_a_file_that_reproduces_it() {
    let (code, out, err) = parliament(&["check", "--seeds", "20", "--steps", "200"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("20 runs, 4000 steps (synod, correct)"),
        "{out}"
    );
    let (code, out, err) = parliament(&["check", "--protocol", "corfu", "--seeds", "20"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("20 runs, ") && out.contains("(CORFU)"),
        "{out}"
    );
    let (code, _, err) = parliament(&["check", "--auto", "--seeds", "10", "--steps", "400"]);
    assert_eq!(code, 0, "{err}");

    let (code, file, err) = parliament(&["check", "--variant", "amnesia", "--seeds", "50"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("broke promise_monotonic"), "{err}");
    let path = temp_file("found.json", &file);
    let (code, out, _) = parliament(&["replay", path.to_str().expect("utf-8 path")]);
    assert_eq!(code, 1, "the file reproduces the violation");
    assert!(
        out.contains("!! Invariant broken — Promises only go up"),
        "{out}"
    );

    let (code, _, err) = parliament(&["check", "--variant", "bogus"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown variant 'bogus'"), "{err}");
    let (code, _, err) = parliament(&["check", "--seeds"]);
    assert_eq!(code, 2);
    assert!(err.contains("--seeds needs a value"), "{err}");
}

/// The CLI reads files through the page's parser: a CORFU file that forgot its protocol is told so.
#[test]
fn a_corfu_file_without_protocol_gets_the_pages_hint() {
    let (_, scenario, _) = parliament(&["scenario", "hole-and-fill"]);
    let forgot: String = scenario
        .lines()
        .filter(|l| !l.contains("\"protocol\""))
        .collect::<Vec<_>>()
        .join("\n");
    let path = temp_file("corfu-no-protocol.json", &forgot);
    let (code, _, err) = parliament(&["replay", path.to_str().expect("utf-8 path")]);
    assert_eq!(code, 2);
    assert!(
        err.contains("this looks like a CORFU scenario without \"protocol\": \"corfu\""),
        "{err}"
    );
}

#[test]
fn exhaustive_check_finds_the_shortest_break_and_replay_shows_it() {
    let (code, out, _) = parliament(&["check", "--exhaustive"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("correct: ") && out.contains("no way to break it"),
        "{out}"
    );
    let file = temp_file("own-dish.json", "");
    let path = file.to_string_lossy().into_owned();
    let (code, out, err) = parliament(&[
        "check",
        "--exhaustive",
        "--variant",
        "own_dish",
        "--out",
        &path,
    ]);
    assert_eq!(code, 1, "a broken variant exits 1: {out}{err}");
    assert!(out.contains("BROKEN: agreement in 14 steps"), "{out}");
    let (code, transcript, _) = parliament(&["replay", &path]);
    assert_eq!(code, 1, "the replayed counterexample breaks an invariant");
    assert!(
        transcript.trim_end().ends_with("!! Invariant broken — Agreement: two values are chosen: Thai in round 1 by A1, A2; Taco in round 2 by A1, A2"),
        "{transcript}"
    );
    let (code, _, err) = parliament(&["check", "--exhaustive", "--acceptors", "9"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--acceptors '9' is out of range: choose 3 to 5"),
        "{err}"
    );
    let (code, _, err) = parliament(&["check", "--variant", "all"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--variant all goes with --exhaustive"),
        "{err}"
    );
}
