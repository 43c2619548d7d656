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
mod multipaxos;
mod run;

use crate::scenario::Document;

/// How many tours there are; they are numbered 1 to `COUNT`. A tour's number never changes (links
/// name it); the lecture plays them in [`PLAYLIST`] order.
pub const COUNT: usize = 8;

/// The order of the lecture: the synod's tours, then the week of lunches, then CORFU.
pub const PLAYLIST: [usize; COUNT] = [1, 2, 3, 4, 5, 6, 8, 7];

const TITLES: [&str; COUNT] = [
    "What consensus is",
    "The three phases: rounds 8 and 10",
    "Why it is safe: quorums overlap",
    "Leader crashes after learn",
    "f+1 and 2f+1: how many crashes",
    "Dueling leaders, FLP and the fixes",
    "CORFU: tokens, holes and junk",
    "From one lunch to a week of lunches",
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

/// What a step shows on the Synod tab's stage: the chamber (the default), the space-time diagram, the
/// safety panel or the liveness panel. The V key cycles through them in this order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum View {
    #[default]
    Chamber,
    Diagram,
    Safety,
    Liveness,
}

impl View {
    pub const ALL: [View; 4] = [View::Chamber, View::Diagram, View::Safety, View::Liveness];

    /// The view after this one (V): chamber, diagram, safety, liveness, and round again.
    pub fn next(self) -> View {
        let i = View::ALL.iter().position(|v| *v == self).unwrap_or(0);
        View::ALL[(i + 1) % View::ALL.len()]
    }

    /// A short name for classes and addresses.
    pub fn id(self) -> &'static str {
        match self {
            View::Chamber => "chamber",
            View::Diagram => "diagram",
            View::Safety => "safety",
            View::Liveness => "liveness",
        }
    }

    /// Its name on screen.
    pub fn label(self) -> &'static str {
        match self {
            View::Chamber => "Chamber",
            View::Diagram => "Space-time diagram",
            View::Safety => "Safety",
            View::Liveness => "Liveness",
        }
    }
}

/// A caption and where it is shown: `document.step()` is always `Some(position)`; `view` is what the
/// stage shows (the chamber unless the caption is about a panel).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TourStep {
    pub caption: String,
    pub document: Document,
    pub view: View,
}

impl TourStep {
    /// This step, shown in `view` rather than the chamber.
    pub fn showing(self, view: View) -> TourStep {
        TourStep { view, ..self }
    }
}

/// Where the clicker lands in a tour that is not the current one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Landing {
    First,
    Last,
}

/// A move through the lecture: the tours in order form one playlist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goto {
    /// Step `index` (0-based) of the same tour.
    Step(usize),
    /// The first or last step of tour `number` (1-based).
    Tour(usize, Landing),
}

/// Where tour `number` stands in the lecture's [`PLAYLIST`].
fn place(number: usize) -> Option<usize> {
    PLAYLIST.iter().position(|&n| n == number)
}

/// Forward (→, Space, PageDown) from step `index` (0-based) of tour `number`, which has `len` steps:
/// the next step, or after the last one the first step of the next tour in the playlist; `None` at the
/// end of the lecture.
pub fn forward(number: usize, index: usize, len: usize) -> Option<Goto> {
    let at = place(number)?;
    if index + 1 < len {
        Some(Goto::Step(index + 1))
    } else {
        PLAYLIST
            .get(at + 1)
            .map(|&next| Goto::Tour(next, Landing::First))
    }
}

/// Back (←, PageUp) from step `index` (0-based) of tour `number`: the previous step, or from the first
/// step the last step of the previous tour in the playlist; `None` at the start of the lecture.
pub fn backward(number: usize, index: usize) -> Option<Goto> {
    let at = place(number)?;
    if index > 0 {
        Some(Goto::Step(index - 1))
    } else {
        at.checked_sub(1)
            .and_then(|i| PLAYLIST.get(i))
            .map(|&prev| Goto::Tour(prev, Landing::Last))
    }
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
        7 => corfu::hole_and_fill()?,
        _ => multipaxos::a_week_of_lunches()?,
    };
    Ok(Tour {
        number,
        title: title.to_string(),
        steps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clicker_walks_the_tours_as_one_lecture() {
        assert_eq!(forward(1, 0, 6), Some(Goto::Step(1)));
        assert_eq!(forward(1, 5, 6), Some(Goto::Tour(2, Landing::First)));
        // The week of lunches comes after the synod's tours and before CORFU.
        assert_eq!(forward(6, 9, 10), Some(Goto::Tour(8, Landing::First)));
        assert_eq!(forward(8, 9, 10), Some(Goto::Tour(7, Landing::First)));
        assert_eq!(backward(7, 0), Some(Goto::Tour(8, Landing::Last)));
        assert_eq!(backward(8, 0), Some(Goto::Tour(6, Landing::Last)));
        assert_eq!(forward(7, 9, 10), None, "the lecture ends with CORFU");
        assert_eq!(forward(7, 3, 10), Some(Goto::Step(4)));
        assert_eq!(backward(3, 2), Some(Goto::Step(1)));
        assert_eq!(backward(3, 0), Some(Goto::Tour(2, Landing::Last)));
        assert_eq!(backward(1, 0), None, "the lecture starts with tour 1");
        // Out-of-range tour numbers go nowhere new.
        assert_eq!(forward(0, 0, 1), None);
        assert_eq!(backward(COUNT + 1, 0), None);
    }

    #[test]
    fn walking_forward_from_the_first_step_visits_every_step_of_every_tour_once() {
        let lens: Vec<usize> = (1..=COUNT)
            .map(|n| tour(n).map(|t| t.steps.len()).unwrap_or(0))
            .collect();
        assert!(lens.iter().all(|&l| l > 0), "{lens:?}");
        let (mut number, mut index, mut visited) = (PLAYLIST[0], 0, 1);
        while let Some(g) = forward(number, index, lens[number - 1]) {
            (number, index) = match g {
                Goto::Step(i) => (number, i),
                Goto::Tour(n, Landing::First) => (n, 0),
                Goto::Tour(n, Landing::Last) => (n, lens[n - 1] - 1),
            };
            visited += 1;
        }
        let last = PLAYLIST[COUNT - 1];
        assert_eq!((number, index), (last, lens[last - 1] - 1));
        assert_eq!(visited, lens.iter().sum::<usize>());
        // And back again to the very first step.
        let mut back = 1;
        while let Some(g) = backward(number, index) {
            (number, index) = match g {
                Goto::Step(i) => (number, i),
                Goto::Tour(n, Landing::First) => (n, 0),
                Goto::Tour(n, Landing::Last) => (n, lens[n - 1] - 1),
            };
            back += 1;
        }
        assert_eq!((number, index, back), (1, 0, visited));
    }

    #[test]
    fn a_step_about_a_panel_shows_it() {
        let view_of = |n: usize| -> Vec<View> {
            tour(n)
                .map(|t| t.steps.iter().map(|s| s.view).collect())
                .unwrap_or_default()
        };
        // Tour 1 ends on the three goals and the message count: the safety panel lists them.
        assert_eq!(view_of(1).last(), Some(&View::Safety));
        // Tour 6 counts the rounds of the duel: the liveness panel counts and charts them.
        assert!(view_of(6).contains(&View::Liveness));
        // The CORFU tour has no Synod stage to choose: it keeps the default.
        assert!(view_of(7).iter().all(|v| *v == View::Chamber));
        assert!(view_of(2).iter().all(|v| *v == View::Chamber));
    }

    #[test]
    fn v_cycles_the_four_views() {
        let mut v = View::default();
        assert_eq!(v, View::Chamber);
        let mut seen = vec![v];
        for _ in 0..4 {
            v = v.next();
            seen.push(v);
        }
        assert_eq!(
            seen,
            [
                View::Chamber,
                View::Diagram,
                View::Safety,
                View::Liveness,
                View::Chamber
            ]
        );
    }
}
