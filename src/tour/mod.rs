//! Guided tours: narrated walkthroughs that follow the lecture ("What is consensus?").
//!
//! A tour is a list of steps; each step is a caption and a position in a scenario (a [`Document`] that
//! opens at that step). The UI shows the caption, opens the document there, and moves between steps with
//! the clicker keys; `#tour=N/K` addresses step K of tour N.
//!
//! Tours are built from the presets, and each position is found by scanning the replayed history
//! ("the step after which A3's promise for round 10 arrives"), not hard-coded, so a tour stays right
//! when a preset changes — and `tests/tours.rs` checks that each caption's claims hold where it is shown.
//! Captions name nodes as the chamber does (A1…, L1…) and use the papers' words.

mod consensus;
mod corfu;
mod faults;
mod liveness;
mod run;

use crate::scenario::Document;

/// How many tours there are; they are numbered 1 to `COUNT`.
pub const COUNT: usize = 7;

const TITLES: [&str; COUNT] = [
    "What consensus is",
    "The three phases: rounds 8 and 10",
    "Why it is safe: quorums overlap",
    "Leader crashes after learn",
    "f+1 and 2f+1: how many crashes",
    "Dueling leaders, FLP and the fixes",
    "CORFU: tokens, holes and junk",
];

/// A tour's title (`number` is 1-based), or `None` past the last tour.
pub fn title(number: usize) -> Option<&'static str> {
    number.checked_sub(1).and_then(|i| TITLES.get(i)).copied()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tour {
    pub number: usize,
    pub title: String,
    pub steps: Vec<TourStep>,
}

/// A caption and where it is shown: `document.step()` is always `Some(position)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TourStep {
    pub caption: String,
    pub document: Document,
}

impl Tour {
    /// Step `k`, 1-based.
    pub fn step(&self, k: usize) -> Result<&TourStep, String> {
        k.checked_sub(1)
            .and_then(|i| self.steps.get(i))
            .ok_or_else(|| {
                format!(
                    "tour {} has no step {k}: its steps are numbered 1 to {}",
                    self.number,
                    self.steps.len()
                )
            })
    }
}

/// Builds tour `number` (1-based). Errors name the valid range, or (never expected: a test builds every
/// tour) the preset step a tour could not find.
pub fn tour(number: usize) -> Result<Tour, String> {
    let title = title(number)
        .ok_or_else(|| format!("there is no tour {number}: tours are numbered 1 to {COUNT}"))?;
    let steps = match number {
        1 => consensus::what_consensus_is()?,
        2 => consensus::three_phases()?,
        3 => consensus::why_it_is_safe()?,
        4 => faults::leader_crashes_after_learn()?,
        5 => faults::how_many_crashes()?,
        6 => liveness::dueling_leaders()?,
        _ => corfu::hole_and_fill()?,
    };
    Ok(Tour {
        number,
        title: title.to_string(),
        steps,
    })
}
