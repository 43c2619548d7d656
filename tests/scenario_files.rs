//! Scenario files: bad input is a clear message naming the problem, never a panic.
#![cfg(not(target_arch = "wasm32"))]

use lunch_parliament::scenario::{Scenario, MAX_BYTES};

const GOOD: &str = r#"{
  "version": 1,
  "title": "Two promises",
  "config": {"acceptors": 3, "leaders": ["Thai", "Taco"], "latency": {"min": 1, "max": 3}, "seed": 5},
  "actions": [
    {"start_round": {"leader": "L1", "quorum": ["A1", "A2"], "round": 8}},
    {"deliver": 1},
    "tick",
    {"delay": {"id": 3, "by": 10}},
    {"duplicate": 3},
    {"crash": "A3"},
    {"recover": "A3"}
  ]
}"#;

fn err(text: &str) -> String {
    match Scenario::load(text) {
        Ok(_) => panic!("accepted a bad file: {text}"),
        Err(e) => e.to_string(),
    }
}

fn with_actions(actions: &str) -> String {
    format!(
        r#"{{"version": 1, "config": {{"acceptors": 3, "leaders": ["Thai", "Taco"], "latency": {{"min": 1, "max": 3}}, "seed": 5}}, "actions": {actions}}}"#
    )
}

#[test]
fn a_good_file_loads_and_round_trips() {
    let (s, h) = Scenario::load(GOOD).expect("loads");
    assert_eq!(s.title, "Two promises");
    assert_eq!(h.len(), 7);
    assert_eq!(h.current().acceptors[0].ledger.promised, Some(8));
    let again = Scenario::parse(&s.to_json()).expect("own output parses");
    assert_eq!(again, s);
}

#[test]
fn each_problem_is_named() {
    let cases: Vec<(String, &str)> = vec![
        ("".into(), "not a scenario file: this is not JSON (EOF while parsing a value at line 1 column 0)"),
        ("{\"version\": 1, \"config\"".into(), "not a scenario file: this is not JSON (EOF while parsing an object at line 1 column 23)"),
        ("hello".into(), "not a scenario file: this is not JSON (expected value at line 1 column 1)"),
        ("[1, 2]".into(), "not a scenario file: expected a JSON object with a \"version\""),
        ("{}".into(), "not a scenario file: the \"version\" field is missing"),
        (r#"{"version": 2}"#.into(), "unknown scenario version 2: this build reads version 1"),
        (r#"{"version": "1"}"#.into(), "unknown scenario version \"1\": this build reads version 1"),
        (GOOD.replace("\"acceptors\": 3", "\"acceptors\": 12"), "bad config: 12 acceptors is out of range: choose 3 to 9"),
        (GOOD.replace("\"acceptors\": 3", "\"acceptors\": -1"), "bad scenario file: at config.acceptors: invalid value: integer `-1`, expected usize"),
        (GOOD.replace("\"seed\": 5", "\"seed\": 99999999999999999999999"), "bad scenario file: at config.seed: invalid type: floating point `1e+23`, expected u64"),
        (GOOD.replace("\"title\"", "\"titel\""), "bad scenario file: at titel: unknown field `titel`, expected one of `version`, `title`, `config`, `actions`, `step`"),
        (with_actions(r#"[{"crash": "A7"}]"#), "action 1 (crash A7) cannot be applied: unknown node A7: this chamber has A1..A3 and L1..L2"),
        (with_actions(r#"[{"crash": "Bob"}]"#), "bad scenario file: at actions[0].crash: 'Bob' is not a node name (expected A1..A9 or L1..L3)"),
        (with_actions(r#"[{"deliver": 4}]"#), "action 1 (deliver #4) cannot be applied: messenger #4 is not in flight"),
        (with_actions(r#"[{"explode": 4}]"#), "bad scenario file: at actions[0]: unknown variant `explode`, expected one of `deliver`, `drop`, `duplicate`, `delay`, `crash`, `recover`, `start_round`, `tick`, `fix`"),
        (
            with_actions(r#"[{"start_round": {"leader": "L1", "quorum": ["A1", "A2"], "round": 6}}, {"start_round": {"leader": "L2", "quorum": ["A2", "A3"], "round": 6}}]"#),
            "action 2 (L2 starts round 6 with A2, A3) cannot be applied: round 6 was already used by L1: round numbers are unique",
        ),
        (with_actions(r#""tick""#), "bad scenario file: at actions: invalid type: string \"tick\", expected a sequence"),
        (with_actions(r#"["tick"]"#), "action 1 (tick) cannot be applied: nothing is due: no messenger is in flight and no timer is set"),
        (format!("{}{}{}", "[".repeat(5000), "1", "]".repeat(5000)), "not a scenario file: this is not JSON (recursion limit exceeded at line 1 column 128)"),
        (GOOD.replace("\"step\"", "x").replace("\"title\": \"Two promises\",", "\"title\": \"Two promises\", \"step\": 99,"), "step 99 is past the end: the scenario has 7 actions"),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(text, message)| err(text) != *message)
        .map(|(text, message)| format!("input {text:.60}\n  want {message}\n  got  {}", err(text)))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn huge_files_are_refused_before_parsing() {
    let big = format!(
        "{{\"version\": 1, \"title\": \"{}\"}}",
        "x".repeat(MAX_BYTES)
    );
    assert_eq!(
        err(&big),
        format!(
            "the file is {} bytes; scenario files are at most {MAX_BYTES} bytes",
            big.len()
        )
    );
}
