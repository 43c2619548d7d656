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

/// `s` with its first letter upper-case ("two values…" → "Two values…"). ASCII only: the words the
/// app writes start with ASCII, and core's Unicode case tables would cost the page ~12 KB.
pub fn capitalise(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// `x` with `digits` decimals (1.25, 2 → "1.25"), without the float formatting machinery (~11 KB
/// in the page).
pub fn decimals(x: f64, digits: u32) -> String {
    let scale = 10u64.pow(digits);
    let n = (x.abs() * scale as f64).round() as u64;
    let mut s = String::new();
    if x < 0.0 && n > 0 {
        s.push('-');
    }
    s.push_str(&(n / scale).to_string());
    if digits > 0 {
        let frac = (n % scale).to_string();
        s.push('.');
        for _ in frac.len()..digits as usize {
            s.push('0');
        }
        s.push_str(&frac);
    }
    s
}

#[cfg(test)]
mod number_tests {
    use super::*;

    #[test]
    fn decimals_and_capitals() {
        assert_eq!(decimals(1.25, 2), "1.25");
        assert_eq!(decimals(3.04, 1), "3.0");
        assert_eq!(decimals(0.05, 2), "0.05");
        assert_eq!(decimals(12.0, 0), "12");
        assert_eq!(decimals(-0.5, 1), "-0.5");
        assert_eq!(capitalise("two values"), "Two values");
        assert_eq!(capitalise(""), "");
        assert_eq!(capitalise("éclair"), "éclair");
    }
}
