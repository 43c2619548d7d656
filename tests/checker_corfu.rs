//! The exhaustive checker (src/sim/check.rs) on CORFU (src/corfu/check.rs). Correct CORFU has no
//! violation in the standard scope, nor with a second read or reader, crashes or a reconfiguration.
//! In the standard scope the `overwrite` variant (a unit that is not write-once) breaks
//! `write_once`, in the fewest steps, and the real world replays the counterexample's scenario file
//! to the same broken property. The `eager_fill` variant (a reader that fills at once instead of
//! waiting) breaks no safety property: the wait spares a slow writer its position, while write-once
//! at the head decides every race between a writer's entry and a filler's junk. The state counts
//! are exact, so a change that shrinks the explored space is noticed.

use lunch_parliament::corfu::check::Scope;
use lunch_parliament::corfu::invariants::Invariant;
use lunch_parliament::corfu::{Corfu, Variant};
use lunch_parliament::scenario::ScenarioFile;
use lunch_parliament::sim::check::{search_within, Checkable, Limits};

mod common;
use common::{holds, parliament, run, LIMIT};

#[test]
fn correct_corfu_has_no_violation_in_the_standard_scope() {
    holds::<Corfu>(&Scope::default(), 19_481);
}

#[test]
fn correct_corfu_reads_are_stable() {
    // A writer, and a reader that reads or fills twice (read stability is about a second read)...
    holds::<Corfu>(
        &Scope {
            writers: 1,
            reads: 2,
            ..Scope::default()
        },
        2_931,
    );
    // ... or two readers.
    holds::<Corfu>(
        &Scope {
            writers: 1,
            readers: 2,
            ..Scope::default()
        },
        36_006,
    );
}

#[test]
fn correct_corfu_has_no_violation_with_crashes_or_a_reconfiguration() {
    // A writer alone: every node may crash and come back (a hole when the writer dies with its
    // token); then two appends around a reconfiguration that may replace a unit with the spare.
    // (With a second client the reconfiguration's scope has no end: a client refused "sealed"
    // before the next projection is installed asks again at once, with a new request number.)
    holds::<Corfu>(
        &Scope {
            writers: 1,
            readers: 0,
            crashes: true,
            ..Scope::default()
        },
        2_640,
    );
    holds::<Corfu>(
        &Scope {
            writers: 1,
            appends: 2,
            readers: 0,
            spares: 1,
            reconfigurations: 1,
            ..Scope::default()
        },
        1_096,
    );
}

#[test]
fn overwrite_breaks_write_once_in_the_fewest_steps_and_the_real_world_replays_it() {
    let scope = Scope::of(Variant::Overwrite);
    let r = run::<Corfu>(&scope, usize::MAX);
    let v = r.violation.expect("a violation");
    assert_eq!(v.invariant, Invariant::WriteOnce);
    assert_eq!(v.moves.len(), 8);
    assert_eq!(r.states, 919);

    // None is shorter: every run of fewer moves keeps every property.
    let shorter = search_within::<Corfu>(
        &scope,
        Limits {
            states: LIMIT,
            depth: v.moves.len() - 1,
        },
    )
    .expect("searches");
    assert!(shorter.violation.is_none(), "a shorter counterexample");

    // The counterexample as a scenario file, through its text as `parliament replay` reads it: the
    // last step breaks write_once.
    let actions = v.actions(&scope).expect("the real world follows the path");
    let title = format!("overwrite breaks {}", v.invariant);
    let file = ScenarioFile::<Corfu>::new(&title, Corfu::scope_config(&scope), actions).to_json();
    let (_, h) = ScenarioFile::<Corfu>::load(&file).expect("the file replays");
    let last = h.outcomes().last().expect("it has steps");
    assert!(
        last.violations
            .iter()
            .any(|x| x.invariant == Invariant::WriteOnce),
        "the last step breaks write_once: {:?}",
        last.violations
    );
    for step in &h.outcomes()[..h.outcomes().len() - 1] {
        assert!(step.violations.is_empty(), "only the last step breaks it");
    }
}

#[test]
fn eager_fill_breaks_no_safety_property() {
    // The reader does not wait; it may junk a position whose writer is slow, which then appends at
    // another position. Write-once at the head keeps every property.
    holds::<Corfu>(&Scope::of(Variant::EagerFill), 32_693);
}

#[test]
fn the_cli_searches_corfu_writes_the_counterexample_and_replay_shows_it_broken() {
    let (code, out, err) = parliament(&["check", "--exhaustive", "--protocol", "corfu"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(", correct: 19481 states, ") && out.contains("no way to break it"),
        "{out}"
    );
    let path = std::env::temp_dir().join(format!(
        "parliament-test-{}-corfu-overwrite.json",
        std::process::id()
    ));
    let path = path.to_string_lossy().into_owned();
    let (code, out, err) = parliament(&[
        "check",
        "--exhaustive",
        "--protocol",
        "corfu",
        "--variant",
        "overwrite",
        "--out",
        &path,
    ]);
    assert_eq!(code, 1, "a broken variant exits 1: {out}{err}");
    assert!(out.contains("BROKEN: write_once in 8 steps"), "{out}");
    let (code, transcript, _) = parliament(&["replay", &path]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(code, 1, "the replayed counterexample breaks an invariant");
    assert!(
        transcript
            .trim_end()
            .ends_with("!! Invariant broken — Pages are written once: U1 accepted a second write to 0: “pizza” (C1), then junk"),
        "{transcript}"
    );
    let (code, _, err) = parliament(&[
        "check",
        "--exhaustive",
        "--protocol",
        "corfu",
        "--variant",
        "amnesia",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown variant 'amnesia': correct, overwrite, eager_fill or all"),
        "{err}"
    );
}
