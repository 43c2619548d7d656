//! Hostile input: every bad file, share link and saved workspace is an error whose message names the
//! problem — never a panic, never a vague "invalid input". Each case pins a fragment of its message,
//! so a message that turns vague fails here.
#![cfg(not(target_arch = "wasm32"))]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use lunch_parliament::corfu;
use lunch_parliament::scenario::{
    self, parse_fragment, scenario_fragment, tour_fragment, Document, Fragment, Protocol,
    Workspace, MAX_ACTIONS, MAX_BYTES, MAX_PAYLOAD_CHARS,
};
use serde_json::{json, Value};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A name, the input, and a fragment the error message must contain.
type Case = (&'static str, String, &'static str);

/// Runs each case through `open`, collecting every case that panics, is accepted, or is refused with
/// a message lacking its fragment; fails once with all of them.
fn check(what: &str, cases: &[Case], open: impl Fn(&str) -> Result<String, String>) {
    let mut wrong = Vec::new();
    for (name, input, want) in cases {
        match catch_unwind(AssertUnwindSafe(|| open(input))) {
            Err(_) => wrong.push(format!("{name}: PANICKED")),
            Ok(Ok(shown)) => wrong.push(format!("{name}: accepted, as {shown:.80}")),
            Ok(Err(message)) if !message.contains(want) => {
                wrong.push(format!("{name}:\n    want …{want}…\n    got  {message}"))
            }
            Ok(Err(_)) => {}
        }
        // `SHOW=1 cargo test --test hostile_input -- --nocapture` prints every message, to read them.
        if std::env::var_os("SHOW").is_some() {
            if let Ok(Err(m)) = catch_unwind(AssertUnwindSafe(|| open(input))) {
                println!("{name:32} {m:.300}");
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{what}: {} of {} cases wrong\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

fn open_document(text: &str) -> Result<String, String> {
    Document::parse(text)
        .map(|d| d.title().to_string())
        .map_err(|e| e.to_string())
}

fn open_link(hash: &str) -> Result<String, String> {
    parse_fragment(hash)
        .map(|f| format!("{f:?}"))
        .map_err(|e| e.to_string())
}

fn open_workspace(text: &str) -> Result<String, String> {
    Workspace::parse(text)
        .map(|w| format!("{:?}", w.tab))
        .map_err(|e| e.to_string())
}

// ---------------------------------------------------------------------------------------------------
// Inputs

/// A good synod file: two promises, then faults.
fn synod() -> Value {
    json!({
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
    })
}

/// The good synod file with the value at a JSON pointer replaced (or, with `None`, removed).
fn synod_with(pointer: &str, value: Option<Value>) -> String {
    edit(synod(), pointer, value)
}

/// The good synod file's config with these actions.
fn synod_actions(actions: Value) -> String {
    synod_with("/actions", Some(actions))
}

fn corfu_scenario() -> corfu::presets::CorfuScenario {
    corfu::presets::preset("hole-and-fill")
        .and_then(|p| p.scenario().ok())
        .expect("the preset builds")
}

fn corfu() -> Value {
    serde_json::to_value(corfu_scenario()).expect("serialises")
}

fn corfu_with(pointer: &str, value: Option<Value>) -> String {
    edit(corfu(), pointer, value)
}

fn corfu_actions(actions: Value) -> String {
    corfu_with("/actions", Some(actions))
}

fn edit(mut doc: Value, pointer: &str, value: Option<Value>) -> String {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
    let parent = doc.pointer_mut(parent).expect("the parent exists");
    match (parent, value) {
        (Value::Object(map), Some(v)) => {
            map.insert(key.to_string(), v);
        }
        (Value::Object(map), None) => {
            map.remove(key);
        }
        (Value::Array(list), Some(v)) => list[key.parse::<usize>().expect("an index")] = v,
        _ => panic!("cannot edit {pointer}"),
    }
    doc.to_string()
}

fn cut(text: &str, at: usize) -> String {
    text[..at].to_string()
}

fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

/// A real share link: "Round 10", opening at step 5.
fn round_10_link() -> String {
    let s = scenario::preset("round-10")
        .and_then(|p| p.scenario().ok())
        .expect("the preset builds");
    scenario_fragment(&Document::Synod(s.replace_step(Some(5))))
}

/// A link whose payload is these bytes, zlib-compressed.
fn link_of_bytes(bytes: &[u8]) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(bytes, 6);
    format!("#scenario=1.{}", URL_SAFE_NO_PAD.encode(packed))
}

/// The link with one payload character changed (to another base64 character).
fn edited(link: &str, at: usize) -> String {
    let mut chars: Vec<char> = link.chars().collect();
    let i = link.find('.').expect("a payload") + 1 + at;
    chars[i] = if chars[i] == 'Q' { 'R' } else { 'Q' };
    chars.into_iter().collect()
}

fn workspace() -> Value {
    let synod: scenario::Scenario = serde_json::from_value(synod()).expect("the good file");
    let w = Workspace {
        tab: Protocol::Synod,
        synod,
        corfu: corfu_scenario(),
    };
    serde_json::from_str(&w.to_json()).expect("JSON")
}

fn workspace_with(pointer: &str, value: Option<Value>) -> String {
    edit(workspace(), pointer, value)
}

// ---------------------------------------------------------------------------------------------------
// Files

#[test]
fn the_base_inputs_are_good() {
    assert!(Document::parse(&synod().to_string()).is_ok());
    assert!(Document::parse(&corfu().to_string()).is_ok());
    assert!(Workspace::parse(&workspace().to_string()).is_ok());
    assert!(matches!(
        parse_fragment(&round_10_link()),
        Ok(Fragment::Scenario(_))
    ));
}

#[test]
fn bad_scenario_files_are_named() {
    let good = serde_json::to_string_pretty(&synod()).expect("JSON");
    let not_json = "not a scenario file: this is not JSON";
    let cases: Vec<Case> = vec![
        // Not JSON at all.
        ("empty", String::new(), "this is not JSON (EOF while parsing a value at line 1 column 0)"),
        ("whitespace", " \n\t ".into(), "this is not JSON (EOF while parsing"),
        ("cut after {", cut(&good, 1), not_json),
        ("cut in a key", cut(&good, 8), "this is not JSON (EOF while parsing a string"),
        ("cut in the config", cut(&good, good.find("latency").expect("latency")), not_json),
        ("cut in the actions", cut(&good, good.find("tick").expect("tick")), not_json),
        ("cut before the last }", cut(&good, good.len() - 1), "this is not JSON (EOF while parsing an object"),
        ("prose", "hello, parliament".into(), "this is not JSON (expected value at line 1 column 1)"),
        ("single quotes", "{'version': 1}".into(), "this is not JSON (key must be a string"),
        ("trailing comma", r#"{"version": 1,}"#.into(), "this is not JSON (trailing comma"),
        ("trailing garbage", format!("{good} x"), "this is not JSON (trailing characters"),
        ("binary, lossy", String::from_utf8_lossy(&[0xff, 0xfe, 0x00, 0x9f, 0x7b, 0x80]).into_owned(), "this is not JSON (expected value at line 1 column 1)"),
        ("NUL bytes", "\0\0\0\0".into(), "this is not JSON (expected value"),
        ("BOM", format!("\u{feff}{good}"), "this is not JSON (expected value at line 1 column 1)"),
        // JSON, but not a scenario.
        ("null", "null".into(), "not a scenario file: expected a JSON object with a \"version\""),
        ("empty array", "[]".into(), "expected a JSON object with a \"version\""),
        ("array of a scenario", format!("[{good}]"), "expected a JSON object with a \"version\""),
        ("a number", "1".into(), "expected a JSON object with a \"version\""),
        ("a string", "\"version\"".into(), "expected a JSON object with a \"version\""),
        ("empty object", "{}".into(), "the \"version\" field is missing"),
        ("missing version", synod_with("/version", None), "the \"version\" field is missing"),
        // Versions.
        ("version 0", synod_with("/version", Some(json!(0))), "unknown scenario version 0: this build reads version 1"),
        ("version 2", synod_with("/version", Some(json!(2))), "unknown scenario version 2: this build reads version 1"),
        ("version \"1\"", synod_with("/version", Some(json!("1"))), "unknown scenario version \"1\""),
        ("version 1.5", synod_with("/version", Some(json!(1.5))), "unknown scenario version 1.5"),
        ("version 1.0", synod_with("/version", Some(json!(1.0))), "unknown scenario version 1.0"),
        ("version -1", synod_with("/version", Some(json!(-1))), "unknown scenario version -1"),
        ("version null", synod_with("/version", Some(Value::Null)), "unknown scenario version null"),
        ("version long", synod_with("/version", Some(json!("9".repeat(500)))), "unknown scenario version \"9999"),
        // Protocol.
        ("protocol paxos", synod_with("/protocol", Some(json!("paxos"))), "unknown protocol \"paxos\": expected \"synod\", \"corfu\" or \"multipaxos\""),
        ("protocol 5", synod_with("/protocol", Some(json!(5))), "at protocol: expected \"synod\", \"corfu\" or \"multipaxos\", found 5"),
        ("protocol corfu on a synod file", synod_with("/protocol", Some(json!("corfu"))), "bad scenario file: at actions[0]: unknown variant `start_round`, expected one of `deliver`"),
        // Unknown fields.
        ("unknown field", synod_with("/titel", Some(json!("x"))), "at titel: unknown field `titel`, expected one of"),
        ("unknown config field", synod_with("/config/acceptor", Some(json!(3))), "at config.acceptor: unknown field `acceptor`"),
        ("missing config", synod_with("/config", None), "bad scenario file: missing field `config`"),
        ("missing seed", synod_with("/config/seed", None), "at config: missing field `seed`"),
        // Config: wrong types.
        ("acceptors a string", synod_with("/config/acceptors", Some(json!("3"))), "at config.acceptors: invalid type: string \"3\", expected usize"),
        ("acceptors negative", synod_with("/config/acceptors", Some(json!(-1))), "at config.acceptors: invalid value: integer `-1`, expected usize"),
        ("acceptors 1e400", synod_with("/config/acceptors", Some(json!("PLACEHOLDER"))).replace("\"PLACEHOLDER\"", "1e400"), "this is not JSON (number out of range"),
        ("acceptors 3.0", synod_with("/config/acceptors", Some(json!(3.0))), "at config.acceptors: invalid type: floating point `3.0`, expected usize"),
        ("leaders a string", synod_with("/config/leaders", Some(json!("Thai"))), "at config.leaders: invalid type: string \"Thai\", expected a sequence"),
        ("leaders numbers", synod_with("/config/leaders", Some(json!([1]))), "at config.leaders[0]: invalid type: integer `1`, expected a string"),
        ("latency a number", synod_with("/config/latency", Some(json!(5))), "at config.latency: invalid type: integer `5`"),
        ("latency.min a string", synod_with("/config/latency/min", Some(json!("1"))), "at config.latency.min: invalid type: string \"1\", expected u64"),
        ("seed negative", synod_with("/config/seed", Some(json!(-5))), "at config.seed: invalid value: integer `-5`, expected u64"),
        ("seed past u64", synod_with("/config/seed", Some(json!("PLACEHOLDER"))).replace("\"PLACEHOLDER\"", "18446744073709551616"), "at config.seed: invalid type: floating point `1.8446744073709552e+19`, expected u64"),
        ("seed 1e400", synod_with("/config/seed", Some(json!("PLACEHOLDER"))).replace("\"PLACEHOLDER\"", "1e400"), "this is not JSON (number out of range"),
        ("variant unknown", synod_with("/config/variant", Some(json!("byzantine"))), "at config.variant: unknown variant `byzantine`, expected one of `correct`, `amnesia`, `minority_quorums`"),
        ("timing.auto a string", synod_with("/config/timing", Some(json!({"auto": "yes"}))), "at config.timing.auto: invalid type: string \"yes\", expected a boolean"),
        ("timing.timeout negative", synod_with("/config/timing", Some(json!({"timeout": -5}))), "at config.timing.timeout: invalid value: integer `-5`, expected u64"),
        // Config: values out of range.
        ("2 acceptors", synod_with("/config/acceptors", Some(json!(2))), "bad config: 2 acceptors is out of range: choose 3 to 9"),
        ("huge acceptors", synod_with("/config/acceptors", Some(json!(u64::MAX))), "bad config: 18446744073709551615 acceptors is out of range"),
        ("no leaders", synod_with("/config/leaders", Some(json!([]))), "bad config: 0 leaders is out of range: choose 1 to 3"),
        ("4 leaders", synod_with("/config/leaders", Some(json!(["a", "b", "c", "d"]))), "bad config: 4 leaders is out of range"),
        ("empty dish", synod_with("/config/leaders", Some(json!(["Thai", ""]))), "bad config: bad dish name: a dish needs a name"),
        ("dish with spaces", synod_with("/config/leaders", Some(json!([" Thai"]))), "bad dish name: ' Thai' starts or ends with spaces"),
        ("dish too long", synod_with("/config/leaders", Some(json!(["x".repeat(41)]))), "bad dish name: names are at most 40 characters"),
        ("dish with a bell", synod_with("/config/leaders", Some(json!(["Th\u{7}ai"]))), "bad dish name: 'Th\\u{7}ai' contains control characters"),
        ("latency 0", synod_with("/config/latency", Some(json!({"min": 0, "max": 3}))), "bad config: latency 0..3 is not allowed: need 1 <= min <= max <= 1000"),
        ("latency min > max", synod_with("/config/latency", Some(json!({"min": 5, "max": 3}))), "latency 5..3 is not allowed"),
        ("latency huge", synod_with("/config/latency", Some(json!({"min": 1, "max": u64::MAX}))), "latency 1..18446744073709551615 is not allowed"),
        ("timeout huge", synod_with("/config/timing", Some(json!({"timeout": 999_999}))), "bad config: timeout 999999 is too long: at most 100000"),
        // Title and step.
        ("title too long", synod_with("/title", Some(json!("t".repeat(121)))), "bad title: at most 120 characters"),
        ("title with a newline", synod_with("/title", Some(json!("Two\npromises"))), "bad title: contains control characters"),
        ("title with ESC", synod_with("/title", Some(json!("\u{1b}[31mred"))), "bad title: contains control characters"),
        ("title a number", synod_with("/title", Some(json!(7))), "at title: invalid type: integer `7`, expected a string"),
        ("step past the end", synod_with("/step", Some(json!(8))), "step 8 is past the end: the scenario has 7 actions"),
        ("step huge", synod_with("/step", Some(json!(u64::MAX))), "step 18446744073709551615 is past the end"),
        ("step negative", synod_with("/step", Some(json!(-1))), "at step: invalid value: integer `-1`, expected usize"),
        ("step a string", synod_with("/step", Some(json!("2"))), "at step: invalid type: string \"2\", expected usize"),
        // Actions: shape.
        ("actions an object", synod_actions(json!({"tick": true})), "at actions: invalid type: map, expected a sequence"),
        ("unknown action", synod_actions(json!([{"explode": 4}])), "at actions[0]: unknown variant `explode`"),
        ("deliver a string", synod_actions(json!([{"deliver": "1"}])), "at actions[0].deliver: invalid type: string \"1\", expected u64"),
        ("deliver negative", synod_actions(json!([{"deliver": -1}])), "at actions[0].deliver: invalid value: integer `-1`, expected u64"),
        ("deliver 1.5", synod_actions(json!([{"deliver": 1.5}])), "at actions[0].deliver: invalid type: floating point `1.5`, expected u64"),
        ("delay without by", synod_actions(json!([{"delay": {"id": 1}}])), "at actions[0].delay: missing field `by`"),
        ("delay by negative", synod_actions(json!([{"delay": {"id": 1, "by": -3}}])), "at actions[0].delay.by: invalid value: integer `-3`, expected u64"),
        ("delay with an extra field", synod_actions(json!([{"delay": {"id": 1, "by": 2, "extra": 3}}])), "at actions[0].delay.extra: unknown field `extra`"),
        ("crash a number", synod_actions(json!([{"crash": 3}])), "at actions[0].crash: invalid type: integer `3`"),
        ("crash no one", synod_actions(json!([{"crash": "Bob"}])), "at actions[0].crash: 'Bob' is not a node name (expected A1..A9 or L1..L3)"),
        ("crash A0", synod_actions(json!([{"crash": "A0"}])), "'A0' is not a node name"),
        ("crash A999", synod_actions(json!([{"crash": "A999"}])), "'A999' is not a node name"),
        ("quorum a string", synod_actions(json!([{"start_round": {"leader": "L1", "quorum": "A1"}}])), "at actions[0].start_round.quorum: invalid type: string \"A1\", expected a sequence"),
        ("round negative", synod_actions(json!([{"start_round": {"leader": "L1", "quorum": ["A1", "A2"], "round": -6}}])), "at actions[0].start_round.round: invalid value: integer `-6`, expected u64"),
        ("fix unknown", synod_actions(json!([{"fix": {"fix": "magic", "on": true}}])), "at actions[0].fix.fix: unknown variant `magic`"),
        ("tick with data", synod_actions(json!([{"tick": 1}])), "at actions[0]"),
        ("too many actions", synod_actions(Value::Array(vec![json!("tick"); MAX_ACTIONS + 1])), "200001 actions is too many: a scenario holds at most 200000"),
        // Actions: replay.
        ("unknown acceptor", synod_actions(json!([{"crash": "A99"}])), "action 1 (crash A99) cannot be applied: unknown node A99: this chamber has A1..A3 and L1..L2"),
        ("unknown leader", synod_actions(json!([{"start_round": {"leader": "L7", "quorum": ["A1", "A2"]}}])), "action 1 (L7 starts a round with A1, A2) cannot be applied: unknown node L7"),
        ("an acceptor leads", synod_actions(json!([{"start_round": {"leader": "A1", "quorum": ["A1", "A2"]}}])), "action 1 (A1 starts a round with A1, A2) cannot be applied"),
        ("round past the maximum", synod_actions(json!([{"start_round": {"leader": "L1", "quorum": ["A1", "A2"], "round": u64::MAX}}])), "cannot be applied: round 18446744073709551615"),
        ("deliver not in flight", synod_actions(json!([{"deliver": 4}])), "action 1 (deliver #4) cannot be applied: messenger #4 is not in flight"),
        ("drop not in flight", synod_actions(json!([{"drop": 99}])), "action 1 (drop #99) cannot be applied: messenger #99 is not in flight"),
        ("duplicate #0", synod_actions(json!([{"duplicate": 0}])), "messenger #0 is not in flight"),
        ("deliver twice", synod_actions(json!([{"start_round": {"leader": "L1", "quorum": ["A1", "A2"]}}, {"deliver": 1}, {"deliver": 1}])), "action 3 (deliver #1) cannot be applied: messenger #1 is not in flight"),
        ("round reused", synod_actions(json!([
            {"start_round": {"leader": "L1", "quorum": ["A1", "A2"], "round": 6}},
            {"start_round": {"leader": "L2", "quorum": ["A2", "A3"], "round": 6}}
        ])), "action 2 (L2 starts round 6 with A2, A3) cannot be applied: round 6 was already used by L1: round numbers are unique"),
        ("crash twice", synod_actions(json!([{"crash": "A1"}, {"crash": "A1"}])), "action 2 (crash A1) cannot be applied"),
        ("recover the living", synod_actions(json!([{"recover": "A2"}])), "action 1 (recover A2) cannot be applied"),
        ("tick with nothing due", synod_actions(json!(["tick"])), "action 1 (tick) cannot be applied: nothing is due"),
        // Sheer size and depth.
        ("100k [", "[".repeat(100_000), "this is not JSON (recursion limit exceeded"),
        ("100k nested arrays", nested(100_000), "this is not JSON (recursion limit exceeded"),
        ("100k nested objects", format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000)), "this is not JSON (recursion limit exceeded"),
        ("nested in the config", synod_with("/config/seed", Some(json!("PLACEHOLDER"))).replace("\"PLACEHOLDER\"", &nested(10_000)), "this is not JSON (recursion limit exceeded"),
        ("10 MB file", format!("{{\"version\": 1, \"title\": \"{}\"}}", "x".repeat(10 << 20)), "bytes; scenario files are at most 4194304 bytes"),
        ("10 MB of spaces", " ".repeat(10 << 20), "scenario files are at most 4194304 bytes"),
    ];
    check("scenario files", &cases, open_document);
}

#[test]
fn bad_corfu_files_are_named() {
    let cases: Vec<Case> = vec![
        ("missing protocol", corfu_with("/protocol", None), "this looks like a CORFU scenario without \"protocol\": \"corfu\"; add it"),
        ("protocol CORFU", corfu_with("/protocol", Some(json!("CORFU"))), "unknown protocol \"CORFU\""),
        ("version 2", corfu_with("/version", Some(json!(2))), "unknown scenario version 2"),
        ("unknown field", corfu_with("/chains", Some(json!(2))), "at chains: unknown field `chains`"),
        ("units a string", corfu_with("/config/units", Some(json!("4"))), "at config.units: invalid type: string \"4\", expected usize"),
        ("9 units", corfu_with("/config/units", Some(json!(9))), "bad config: 9 storage units is out of range: choose 2 to 8"),
        ("chains that do not divide", corfu_with("/config/replicas", Some(json!(3))), "bad config: chains of 3 do not divide 4 units"),
        ("3 spares", corfu_with("/config/spares", Some(json!(3))), "bad config: 3 spares is out of range: choose 0 to 2"),
        ("no clients", corfu_with("/config/clients", Some(json!(0))), "bad config: 0 clients is out of range: choose 1 to 4"),
        ("fill_after 0", corfu_with("/config/fill_after", Some(json!(0))), "bad config: fill_after 0 is out of range"),
        ("title with a tab", corfu_with("/title", Some(json!("Hole\tand fill"))), "bad title: contains control characters"),
        ("title too long", corfu_with("/title", Some(json!("h".repeat(500)))), "bad title: at most 120 characters"),
        ("step past the end", corfu_with("/step", Some(json!(10_000))), "step 10000 is past the end: the scenario has"),
        ("unknown action", corfu_actions(json!([{"start_round": {"leader": "L1"}}])), "at actions[0]: unknown variant `start_round`"),
        ("unknown unit", corfu_actions(json!([{"crash": "U9"}])), "action 1 (crash U9) cannot be applied: unknown node U9: this log has S, U1..U5 and C1..C3"),
        ("not a CORFU node", corfu_actions(json!([{"crash": "A1"}])), "at actions[0].crash: 'A1' is not a CORFU node name (expected S, U1..U9 or C1..C4)"),
        ("unknown client", corfu_actions(json!([{"append": {"client": "C4", "value": "pizza"}}])), "action 1 (C4 appends “pizza”) cannot be applied"),
        ("empty entry", corfu_actions(json!([{"append": {"client": "C1", "value": " "}}])), "cannot be applied: an entry needs 1 to 40 printable characters"),
        ("position negative", corfu_actions(json!([{"read": {"client": "C1", "position": -1}}])), "at actions[0].read.position: invalid value: integer `-1`, expected u64"),
        ("position a string", corfu_actions(json!([{"fill": {"client": "C1", "position": "1"}}])), "at actions[0].fill.position: invalid type: string \"1\", expected u64"),
        ("position far away", corfu_actions(json!([{"read": {"client": "C1", "position": 2_000_000}}])), "action 1 (C1 reads 2000000) cannot be applied: position 2000000 is out of range (at most 1000000)"),
        ("trim far away", corfu_actions(json!([{"trim": {"upto": u64::MAX}}])), "trimming below 18446744073709551615 is out of range"),
        ("replace with a live unit", corfu_actions(json!([{"reconfigure": {"client": "C1", "replace": ["U1", "U2"]}}])), "cannot be applied: U2 is not a spare unit"),
        ("deliver not in flight", corfu_actions(json!([{"deliver": 999}])), "action 1 (deliver #999) cannot be applied: messenger #999 is not in flight"),
        ("tick with nothing due", corfu_actions(json!(["tick"])), "action 1 (tick) cannot be applied: nothing is due"),
    ];
    check("CORFU files", &cases, open_document);
}

// ---------------------------------------------------------------------------------------------------
// Links

#[test]
fn bad_links_are_named() {
    let link = round_10_link();
    let payload_len = link.len() - link.find('.').expect("a payload") - 1;
    let damaged = "this link is damaged: it was cut short or edited";
    let bomb = {
        let zeros = vec![0u8; 50 << 20];
        let packed = miniz_oxide::deflate::compress_to_vec_zlib(&zeros, 1);
        format!("scenario=1.{}", URL_SAFE_NO_PAD.encode(packed))
    };
    let json_bomb = link_of_bytes(
        format!(
            "{{\"version\": 1, \"title\": \"{}\"}}",
            "x".repeat(MAX_BYTES)
        )
        .as_bytes(),
    );
    let raw_deflate = format!(
        "scenario=1.{}",
        URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(
            synod().to_string().as_bytes(),
            6
        ))
    );
    let cases: Vec<Case> = vec![
        // A real link, cut short.
        ("cut to 1 payload character", cut(&link, link.len() - payload_len + 1), damaged),
        ("cut to 2 payload characters", cut(&link, link.len() - payload_len + 2), damaged),
        ("cut to 10 payload characters", cut(&link, link.len() - payload_len + 10), damaged),
        ("cut in half", cut(&link, link.len() - payload_len / 2), damaged),
        ("cut by 1", cut(&link, link.len() - 1), damaged),
        ("cut by 2", cut(&link, link.len() - 2), damaged),
        ("cut by 3", cut(&link, link.len() - 3), damaged),
        ("cut by 4", cut(&link, link.len() - 4), damaged),
        ("cut by 8", cut(&link, link.len() - 8), damaged),
        // A real link, one character edited.
        ("edited at 0", edited(&link, 0), damaged),
        ("edited at 1", edited(&link, 1), damaged),
        ("edited at 5", edited(&link, 5), damaged),
        ("edited in the middle", edited(&link, payload_len / 2), damaged),
        ("edited near the end", edited(&link, payload_len - 3), damaged),
        ("edited last", edited(&link, payload_len - 1), damaged),
        ("a character no link has", link.replacen('A', "!", 1), "damaged: it was cut short or edited (character"),
        ("percent-encoded", format!("{link}%20"), "cannot be in a link"),
        ("padding", format!("{link}=="), damaged),
        ("a space inside", link.replacen('A', " A", 1), damaged),
        ("standard base64 + and /", format!("scenario=1.{}", "+/+/".repeat(8)), "cannot be in a link"),
        // Wrong content in good base64.
        ("not base64", "scenario=1.this is not base64!".into(), "cannot be in a link"),
        ("base64 of text", format!("scenario=1.{}", URL_SAFE_NO_PAD.encode("hello world")), "this link is damaged: it was cut short or edited (the scenario is not compressed data)"),
        ("raw deflate, no zlib wrapper", raw_deflate, "the scenario is not compressed data"),
        ("zlib of binary", link_of_bytes(&[0xff, 0xfe, 0x00, 0x80]), "the scenario is not text"),
        ("zlib of nothing", link_of_bytes(b""), "the link's scenario cannot be opened: not a scenario file: this is not JSON"),
        ("zlib of prose", link_of_bytes(b"lunch?"), "the link's scenario cannot be opened: not a scenario file: this is not JSON"),
        ("zlib of an array", link_of_bytes(b"[1, 2]"), "the link's scenario cannot be opened: not a scenario file: expected a JSON object"),
        ("zlib of version 2", link_of_bytes(br#"{"version": 2}"#), "the link's scenario cannot be opened: unknown scenario version 2"),
        ("zlib of a bad config", link_of_bytes(synod_with("/config/acceptors", Some(json!(12))).as_bytes()), "the link's scenario cannot be opened: bad config: 12 acceptors is out of range"),
        ("zlib of a bad action", link_of_bytes(synod_actions(json!([{"deliver": 4}])).as_bytes()), "the link's scenario cannot be opened: action 1 (deliver #4) cannot be applied"),
        ("zlib of a step past the end", link_of_bytes(synod_with("/step", Some(json!(99))).as_bytes()), "the link's scenario cannot be opened: step 99 is past the end"),
        ("zlib of a bad CORFU file", link_of_bytes(corfu_actions(json!([{"crash": "U9"}])).as_bytes()), "the link's scenario cannot be opened: action 1 (crash U9) cannot be applied: unknown node U9"),
        ("zlib of deep nesting", link_of_bytes(nested(100_000).as_bytes()), "this is not JSON (recursion limit exceeded"),
        // Bombs and sheer size.
        ("50 MB of zeros", bomb, "this link's scenario is too large: it unpacks to more than 4194304 bytes"),
        ("a 4 MB title", json_bomb, "this link's scenario is too large"),
        ("payload too long", format!("scenario=1.{}", "A".repeat(MAX_PAYLOAD_CHARS + 1)), "this link is too long: 2097153 characters, and a share link holds at most 2097152"),
        // Formats.
        ("format 7", "scenario=7.eJyrVgpLLSrOzM9TsjLUUcovSk9NzsgsVrKqVkpJTU4sSlWqBQA".into(), "this link was made by a newer version of Lunch Parliament (link format 7); this version reads format 1"),
        ("format 2 of a real payload", link.replacen("scenario=1.", "scenario=2.", 1), "made by a newer version of Lunch Parliament (link format 2)"),
        ("format 0", link.replacen("scenario=1.", "scenario=0.", 1), "this link uses link format 0, which this version does not read; it reads format 1"),
        ("format 01", link.replacen("scenario=1.", "scenario=01.", 1), "link format 01, which this version does not read"),
        ("format past u64", "scenario=99999999999999999999999.abc".into(), "link format 99999999999999999999999, which this version does not read"),
        ("format v1", link.replacen("scenario=1.", "scenario=v1.", 1), "damaged: it was cut short or edited (\"v1\" is not a link format)"),
        ("format missing", link.replacen("scenario=1.", "scenario=.", 1), "(\"\" is not a link format)"),
        ("no format", "scenario=eJyrVgpLLSrOzM9TsjLUUcovSk9NzsgsVrKqVkpJTU4sSlWqBQA".into(), "damaged: it was cut short or edited (the link format is missing)"),
        ("empty payload", "scenario=1.".into(), "damaged: it was cut short or edited (the scenario is empty)"),
        ("no scenario", "#scenario=".into(), "damaged: it was cut short or edited (the scenario is missing)"),
        ("bare scenario", "#scenario".into(), "(the scenario is missing)"),
        // Tours.
        ("tour of letters", "tour=abc".into(), "this tour link is damaged: \"tour=abc\" names no step; expected tour=N/K, like tour=2/3"),
        ("tour without a step", "#tour=2".into(), "\"tour=2\" names no step"),
        ("tour 0", "#tour=0/1".into(), "\"tour=0/1\" counts from 0: tours and their steps count from 1"),
        ("tour step 0", "#tour=1/0".into(), "counts from 0"),
        ("tour overflow", "#tour=99999999999999999999/1".into(), "\"tour=99999999999999999999/1\" has a number far too large"),
        ("tour step overflow", "#tour=1/99999999999999999999".into(), "has a number far too large"),
        ("tour negative", "#tour=-1/2".into(), "\"tour=-1/2\" is not two whole numbers"),
        ("tour plus", "#tour=+1/2".into(), "is not two whole numbers"),
        ("tour three parts", "#tour=1/2/3".into(), "is not two whole numbers"),
        ("tour empty", "#tour=".into(), "\"tour=\" names no step"),
        ("tour bare", "#tour".into(), "\"tour\" names no step"),
        ("tour slash", "#tour=/".into(), "is not two whole numbers"),
        ("tour spaces", "#tour= 1/2".into(), "is not two whole numbers"),
        ("tour fraction", "#tour=1.5/2".into(), "is not two whole numbers"),
        ("tour long garbage", format!("#tour={}", "x/".repeat(10_000)), "\"tour=x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x…\" is not two whole numbers"),
        // Keys.
        ("unknown key", "#foo=bar".into(), "this link asks for \"foo\", which this version does not know: links open a scenario=… or a tour=…"),
        ("no key", "#=bar".into(), "this link asks for \"\""),
        ("bare word", "#about".into(), "asks for \"about\""),
        ("double #", "##scenario=1.x".into(), "asks for \"#scenario\""),
        ("key in capitals", "#Scenario=1.x".into(), "asks for \"Scenario\""),
        ("a query string", "#scenario=1.x&tour=1/2".into(), "cannot be in a link"),
        ("key with quotes", "#\"evil\"\n=1".into(), "asks for \"\\\"evil\\\"\\n\""),
        ("key very long", format!("#{}=1", "k".repeat(100_000)), "asks for \"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…\""),
    ];
    check("links", &cases, open_link);
}

#[test]
fn good_fragments_open() {
    assert_eq!(parse_fragment(""), Ok(Fragment::Empty));
    assert_eq!(parse_fragment("#"), Ok(Fragment::Empty));
    assert_eq!(tour_fragment(2, 3), "tour=2/3");
    for hash in [
        "tour=2/3",
        "#tour=2/3",
        &format!("#{}", tour_fragment(2, 3)),
    ] {
        assert_eq!(
            parse_fragment(hash),
            Ok(Fragment::Tour { number: 2, step: 3 })
        );
    }
    assert_eq!(
        parse_fragment("#tour=007/1"),
        Ok(Fragment::Tour { number: 7, step: 1 })
    );
}

// ---------------------------------------------------------------------------------------------------
// Saved work

#[test]
fn bad_saved_work_is_named() {
    let good = workspace().to_string();
    let cases: Vec<Case> = vec![
        ("empty", String::new(), "not a scenario file: this is not JSON (EOF while parsing a value"),
        ("cut short", cut(&good, good.len() / 2), "this is not JSON (EOF while parsing"),
        ("cut by 1", cut(&good, good.len() - 1), "this is not JSON (EOF while parsing an object"),
        ("storage says undefined", "undefined".into(), "this is not JSON (expected value at line 1 column 1)"),
        ("null", "null".into(), "expected a JSON object with a \"version\""),
        ("an array", format!("[{good}]"), "expected a JSON object with a \"version\""),
        ("no version", workspace_with("/version", None), "the \"version\" field is missing"),
        ("version 2", workspace_with("/version", Some(json!(2))), "unknown scenario version 2"),
        ("no tab", workspace_with("/tab", None), "bad scenario file: missing field `tab`"),
        ("tab paxos", workspace_with("/tab", Some(json!("paxos"))), "at tab: unknown variant `paxos`, expected one of `synod`, `corfu`, `multipaxos`"),
        ("tab a number", workspace_with("/tab", Some(json!(1))), "at tab: invalid type: integer `1`"),
        ("no synod", workspace_with("/synod", None), "missing field `synod`"),
        ("unknown field", workspace_with("/extra", Some(json!({}))), "at extra: unknown field `extra`"),
        ("synod null", workspace_with("/synod", Some(Value::Null)), "the saved synod scenario is damaged: not a scenario file: expected a JSON object"),
        ("corfu a string", workspace_with("/corfu", Some(json!("corfu"))), "the saved corfu scenario is damaged: not a scenario file: expected a JSON object"),
        ("synod version 2", workspace_with("/synod/version", Some(json!(2))), "the saved synod scenario is damaged: unknown scenario version 2"),
        ("synod bad config", workspace_with("/synod/config/acceptors", Some(json!(12))), "the saved synod scenario is damaged: bad config: 12 acceptors is out of range"),
        ("synod bad field", workspace_with("/synod/config/seed", Some(json!("five"))), "the saved synod scenario is damaged: bad scenario file: at config.seed: invalid type: string \"five\""),
        ("synod bad action", workspace_with("/synod/actions", Some(json!([{"deliver": 4}]))), "the saved synod scenario is damaged: action 1 (deliver #4) cannot be applied"),
        ("synod step past the end", workspace_with("/synod/step", Some(json!(99))), "the saved synod scenario is damaged: step 99 is past the end"),
        ("corfu bad unit", workspace_with("/corfu/actions", Some(json!([{"crash": "U9"}]))), "the saved corfu scenario is damaged: action 1 (crash U9) cannot be applied"),
        ("corfu no protocol", workspace_with("/corfu/protocol", None), "the saved corfu scenario is damaged: bad scenario file: this looks like a CORFU scenario"),
        ("corfu holds a synod file", workspace_with("/corfu", Some(synod())), "the saved corfu scenario is damaged: bad scenario file: expected a corfu scenario, found a synod one"),
        ("synod holds a corfu file", workspace_with("/synod", Some(corfu())), "the saved synod scenario is damaged: bad scenario file: expected a synod scenario, found a corfu one"),
        ("corfu title too long", workspace_with("/corfu/title", Some(json!("x".repeat(200)))), "the saved corfu scenario is damaged: bad title: at most 120 characters"),
        ("10 MB", format!("{{\"version\":1,\"tab\":\"{}\"}}", "s".repeat(10 << 20)), "scenario files are at most 4194304 bytes"),
        ("deep nesting", nested(100_000), "recursion limit exceeded"),
    ];
    check("saved work", &cases, open_workspace);
}

// ---------------------------------------------------------------------------------------------------
// Round trips

fn round_trip(doc: &Document) {
    let fragment = scenario_fragment(doc);
    assert!(fragment.starts_with("scenario=1."), "{fragment:.40}");
    assert!(
        fragment[9..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)),
        "{} needs no percent-encoding: {fragment:.80}",
        doc.title()
    );
    let back = parse_fragment(&format!("#{fragment}"));
    assert_eq!(back, Ok(Fragment::Scenario(doc.clone())), "{}", doc.title());
    assert_eq!(
        parse_fragment(&fragment),
        Ok(Fragment::Scenario(doc.clone()))
    );
}

/// Each document at its own step, at the start, in the middle and at the end.
fn at_steps(doc: Document, len: usize) -> Vec<Document> {
    vec![
        doc.clone(),
        doc.clone().with_step(None),
        doc.clone().with_step(Some(0)),
        doc.clone().with_step(Some(len / 2)),
        doc.with_step(Some(len)),
    ]
}

#[test]
fn every_synod_preset_round_trips_through_a_link() {
    for p in scenario::presets() {
        let s = p.scenario().unwrap_or_else(|e| panic!("{}: {e}", p.id));
        let len = s.actions.len();
        for doc in at_steps(Document::Synod(s), len) {
            round_trip(&doc);
        }
    }
}

#[test]
fn every_corfu_preset_round_trips_through_a_link() {
    for p in corfu::presets::presets() {
        let s = p.scenario().unwrap_or_else(|e| panic!("{}: {e}", p.id));
        let len = s.actions.len();
        for doc in at_steps(Document::Corfu(s), len) {
            round_trip(&doc);
        }
    }
}

#[test]
fn links_are_much_shorter_than_files() {
    let mut sizes = Vec::new();
    for id in ["busy-chamber", "round-10"] {
        let s = scenario::preset(id)
            .and_then(|p| p.scenario().ok())
            .expect("the preset builds");
        let doc = Document::Synod(s);
        let pretty = doc.to_json().len();
        let compact = doc.to_compact_json().len();
        let fragment = scenario_fragment(&doc).len();
        println!("{id}: {pretty} bytes pretty, {compact} compact, fragment {fragment}");
        sizes.push((id, pretty, fragment));
    }
    let (_, pretty, fragment) = sizes[0];
    assert!(
        fragment * 5 < pretty,
        "busy-chamber: a {fragment}-character link for a {pretty}-byte file"
    );
}

#[test]
fn saved_work_round_trips() {
    let synod = scenario::preset("round-10")
        .and_then(|p| p.scenario().ok())
        .expect("the preset builds")
        .replace_step(Some(3));
    for tab in [Protocol::Synod, Protocol::Corfu] {
        let w = Workspace {
            tab,
            synod: synod.clone(),
            corfu: corfu_scenario(),
        };
        let text = w.to_json();
        assert!(!text.contains('\n'), "compact");
        assert!(text.starts_with(r#"{"version":1,"tab":""#), "{text:.60}");
        assert_eq!(Workspace::parse(&text), Ok(w));
    }
    assert_eq!(scenario::STORAGE_KEY, "lunch-parliament/workspace/v1");
}

#[test]
fn a_synod_file_may_name_its_protocol() {
    let text = synod_with("/protocol", Some(json!("synod")));
    let doc = Document::parse(&text).expect("opens");
    assert!(matches!(doc, Document::Synod(_)));
    assert!(scenario::Scenario::parse(&text).is_ok());
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        /// Any fragment text opens or is refused with a sentence; none panics.
        #[test]
        fn any_fragment_is_an_answer(text in ".{0,200}", key in prop_oneof![Just("#scenario=1."), Just("#tour="), Just("#")]) {
            if let Err(e) = parse_fragment(&format!("{key}{text}")) {
                prop_assert!(e.to_string().contains("link"), "{e}");
            }
        }

        /// Any bytes, compressed into a well-formed link, are refused with a sentence; none panics.
        #[test]
        fn any_compressed_bytes_are_an_answer(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
            if let Err(e) = parse_fragment(&link_of_bytes(&bytes)) {
                prop_assert!(e.to_string().contains("link"), "{e}");
            }
        }

        /// A real link with any one byte changed still gives an answer, never a panic.
        #[test]
        fn any_edit_of_a_real_link_is_an_answer(at in 0usize..400, c in "[A-Za-z0-9_-]") {
            let link = round_10_link();
            let at = at % link.len();
            let mut edited = link.clone();
            edited.replace_range(at..at + 1, &c);
            if edited != link {
                let _ = parse_fragment(&edited);
            }
        }
    }
}
