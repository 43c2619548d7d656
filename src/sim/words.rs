//! A protocol's words, said the same way on every tab: one transcript line per thing that happened,
//! with the node that says it (or the narrator), and a broken invariant said aloud where it broke.

use super::protocol::Named;
use super::world::{Step, Violation};

/// One transcript line, with the node that says it (`None` for the narrator).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line<N> {
    pub speaker: Option<N>,
    pub text: String,
}

/// The line that says an invariant broke.
pub fn broken_line<I: Named + Copy>(v: &Violation<I>) -> String {
    format!("!! Invariant broken — {}: {}", v.invariant.title(), v.why)
}

/// All lines of a step, in order: each event's lines said by its speaker, then what broke.
pub fn step_lines<E, I: Named + Copy, N: Copy>(
    step: &Step<E, I>,
    speaker: impl Fn(&E) -> Option<N>,
    lines: impl Fn(&E) -> Vec<String>,
) -> Vec<Line<N>> {
    let mut out: Vec<Line<N>> = step
        .events
        .iter()
        .flat_map(|e| {
            let who = speaker(e);
            lines(e)
                .into_iter()
                .map(move |text| Line { speaker: who, text })
        })
        .collect();
    out.extend(step.violations.iter().map(|v| Line {
        speaker: None,
        text: broken_line(v),
    }));
    out
}
