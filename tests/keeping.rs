//! Nothing lost, nothing silent: the page's session (src/ui/session.rs, plain Rust, compiled here
//! natively) keeps a replaced future and gives it back; autoplay knows when nothing teachable remains;
//! the transcript window keeps the decision in view through a run of heartbeats.
#![cfg(not(target_arch = "wasm32"))]

#[allow(dead_code)]
#[path = "../src/ui/session.rs"]
mod session;

use lunch_parliament::scenario::preset;
use lunch_parliament::synod::{settled, Action, Fix, Msg};
use session::{Offer, Session};

fn open(id: &str) -> Session {
    let mut s = preset(id)
        .expect("preset exists")
        .scenario()
        .expect("builds");
    s.step = None;
    Session::open(&s).expect("replays")
}

fn texts(s: &Session, step: usize) -> Vec<String> {
    s.recent_lines(usize::MAX)
        .into_iter()
        .filter(|(n, _)| *n == step)
        .flat_map(|(_, lines)| lines.into_iter().map(|l| l.text))
        .collect()
}

/// Any messenger in flight whose delivery is not what the record does next.
fn other_messenger(s: &Session) -> Action {
    let next = s.history.actions().get(s.history.cursor()).cloned();
    s.world()
        .network
        .in_flight()
        .iter()
        .map(|m| Action::Deliver(m.id))
        .find(|a| Some(a) != next.as_ref())
        .expect("a messenger in flight")
}

#[test]
fn acting_in_the_past_keeps_the_replaced_future_and_undo_brings_it_back() {
    let mut s = open("round-10");
    let len = s.history.len();
    s.seek(6);
    let (digest_6, lines_6) = (s.history.digest(), texts(&s, 6));
    assert!(!lines_6.is_empty());
    let full = s.history.full_digest();
    for _ in 0..4 {
        s.back();
    }
    assert_eq!(s.history.cursor(), 2);
    assert_eq!(s.offer(), None, "nothing replaced yet");

    let other = other_messenger(&s);
    s.act(other).expect("the messenger is in flight");
    assert_eq!((s.history.cursor(), s.history.len()), (3, 3));
    assert_eq!(s.offer(), Some(Offer::Undo(2)));
    assert_eq!(
        s.offer().map(|o| o.words()),
        Some(("History after step 2 replaced".to_string(), "Undo"))
    );
    let new_3 = texts(&s, 3);

    // Undo: the same run, the cursor where the futures part; step 6 says what it said.
    assert!(s.take_offer());
    assert_eq!((s.history.cursor(), s.history.len()), (2, len));
    assert_eq!(s.history.full_digest(), full);
    assert_eq!(s.offer(), Some(Offer::Redo(2)));
    s.seek(6);
    assert_eq!(s.history.digest(), digest_6);
    assert_eq!(texts(&s, 6), lines_6);
    assert_eq!(s.offer(), None, "moving on withdraws the offer");
    assert!(!s.take_offer());
    assert_eq!(s.history.len(), len, "and changes nothing");

    // Redo works too, while offered.
    s.seek(2);
    s.act(other_messenger(&s)).expect("in flight");
    assert!(s.take_offer());
    assert!(s.take_offer(), "redo");
    assert_eq!((s.history.cursor(), s.history.len()), (2, 3));
    s.seek(3);
    assert_eq!(texts(&s, 3), new_3);
}

#[test]
fn the_offer_ends_when_the_user_moves_on() {
    let mut s = open("round-10");
    // A step, Back, a seek elsewhere, or another act each withdraw it.
    for how in 0..4 {
        s.seek(5);
        s.act(other_messenger(&s)).expect("in flight");
        assert!(matches!(s.offer(), Some(Offer::Undo(5))), "case {how}");
        match how {
            0 => s.step().expect("something is due"),
            1 => s.back(),
            2 => s.seek(1),
            _ => s.act(other_messenger(&s)).expect("in flight"),
        }
        assert_eq!(s.offer(), None, "case {how}");
        assert!(!s.take_offer());
    }
    // Seeking to where it already is is not moving on.
    s.seek(5);
    s.act(other_messenger(&s)).expect("in flight");
    s.seek(6);
    assert_eq!(s.offer(), Some(Offer::Undo(5)));
    // Acting at the end replaces nothing and offers nothing.
    let mut t = open("round-10");
    t.seek(t.history.len());
    if let Some(a) = t
        .world()
        .network
        .in_flight()
        .first()
        .map(|m| Action::Deliver(m.id))
    {
        t.act(a).expect("in flight");
        assert_eq!(t.offer(), None);
    }
}

/// The duel, then leader selection: autoplay has something to show until everyone has decided, then
/// nothing (heartbeats would run forever).
#[test]
fn autoplay_knows_when_nothing_teachable_remains() {
    let mut s = open("dueling-leaders");
    for _ in 0..300 {
        assert!(!s.nothing_teachable(), "the duel is worth watching");
        s.step().expect("the duel goes on");
    }
    s.act(Action::Fix {
        fix: Fix::LeaderSelection,
        on: true,
    })
    .expect("a fix switches");
    let mut steps = 0;
    while !s.nothing_teachable() {
        s.step().expect("something is due");
        steps += 1;
        assert!(steps < 2_000, "leader selection ends the duel");
    }
    assert!(settled(s.world()));
    let decided_at = s.history.cursor();
    assert!(
        s.can_step(),
        "heartbeats are still due: without the predicate play would not stop"
    );
    // The transcript keeps the decision in view while heartbeats pass silently.
    for _ in 0..500 {
        s.step().expect("heartbeats");
        assert!(s.nothing_teachable());
    }
    assert!(s
        .world()
        .network
        .in_flight()
        .iter()
        .all(|m| m.payload == Msg::Heartbeat));
    let shown: Vec<String> = s
        .recent_lines(6)
        .into_iter()
        .flat_map(|(_, l)| l.into_iter().map(|l| l.text))
        .collect();
    assert!(
        shown.iter().any(|t| t.contains("Yay,")),
        "the decision is still in the last lines: {shown:?}"
    );
    // Back in the settled stretch with only ticks recorded after: still nothing to play. Back before
    // the decision: there is.
    s.seek(decided_at + 10);
    assert!(s.nothing_teachable());
    s.seek(decided_at.saturating_sub(1));
    assert!(!s.nothing_teachable());
}

#[test]
fn recorded_acts_after_a_settled_step_are_still_played() {
    let mut s = open("round-10");
    s.seek(s.history.len());
    while s.can_step() {
        s.step().expect("due");
    }
    assert!(s.nothing_teachable(), "Round 10 ends with everyone decided");
    let end = s.history.cursor();
    s.act(Action::Crash(lunch_parliament::synod::NodeId::acceptor(0)))
        .expect("A1 crashes");
    s.seek(end);
    assert!(
        !s.nothing_teachable(),
        "a recorded crash after the cursor is still to be shown"
    );
}

/// Seven acceptors: after the leader decides, six more steps tell the others. Once settled, the
/// window still reaches back to the decision.
#[test]
fn a_settled_run_keeps_its_decision_in_the_window() {
    let mut s =
        Session::fresh(lunch_parliament::synod::Config::new(7, &["Pizza"], 3)).expect("valid");
    let a = lunch_parliament::synod::NodeId::acceptor;
    s.act(Action::StartRound {
        leader: lunch_parliament::synod::NodeId::leader(0),
        quorum: vec![a(0), a(1), a(2), a(3)],
        round: None,
        dish: None,
    })
    .expect("starts");
    while s.can_step() {
        s.step().expect("due");
    }
    assert!(settled(s.world()));
    let shown = |s: &Session| -> Vec<String> {
        s.recent_lines(3)
            .into_iter()
            .flat_map(|(_, l)| l.into_iter().map(|l| l.text))
            .collect()
    };
    let lines = shown(&s);
    assert!(
        lines
            .iter()
            .any(|t| t == "Leader: I see we have agreed on Pizza in round 1."),
        "{lines:?}"
    );
    assert!(
        lines.len() >= 7,
        "the decision and every Yay after it: {lines:?}"
    );
    // Before it is settled, the window is just the window.
    s.back();
    assert_eq!(s.recent_lines(3).len(), 3);
}
