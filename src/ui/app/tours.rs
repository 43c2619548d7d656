//! The shell's guided tours: opening one, moving through the lecture, leaving.

use super::App;
use crate::ui::browser;
use lunch_parliament::scenario::link;
use lunch_parliament::tour::{self, Goto, Landing, Tour};
use std::rc::Rc;

/// A guided tour being followed, and where.
pub(super) struct TourState {
    pub(super) tour: Rc<Tour>,
    pub(super) index: usize,
}

impl App {
    pub(super) fn open_tour(&mut self, number: usize, index: usize) {
        match tour::tour(number).and_then(|t| t.step(index + 1).map(|_| ()).map(|()| t)) {
            Ok(t) => self.start_tour(t, index),
            Err(e) => self.fail(format!(
                "This tour could not be opened: {e}. Nothing on screen changed."
            )),
        }
    }

    /// Moves through the lecture: within the tour, or to the first or last step of another tour.
    pub(super) fn move_in_lecture(&mut self, to: Goto) {
        match to {
            Goto::Step(i) => {
                if let Some(t) = &mut self.tour {
                    t.index = i.min(t.tour.steps.len().saturating_sub(1));
                    self.show_tour_step();
                }
            }
            Goto::Tour(number, landing) => match tour::tour(number) {
                Ok(t) if !t.steps.is_empty() => {
                    let index = match landing {
                        Landing::First => 0,
                        Landing::Last => t.steps.len() - 1,
                    };
                    self.start_tour(t, index);
                }
                Ok(_) => self.fail(format!("Tour {number} has no steps.")),
                Err(e) => self.fail(format!("This tour could not be opened: {e}.")),
            },
        }
    }

    /// Shows step `index` (0-based, in range) of `t`, keeping the work from before the first tour for
    /// Undo.
    pub(super) fn start_tour(&mut self, t: Tour, index: usize) {
        if self.tour.is_none() {
            // A change still waiting to be saved is saved before the tour takes the screen.
            if self.keeper.pending() {
                self.save();
            }
            self.keeper.tour_starts();
        }
        self.tour = Some(TourState {
            tour: Rc::new(t),
            index,
        });
        self.first_visit = false;
        self.page_error = None;
        self.show_tour_step();
    }

    pub(super) fn show_tour_step(&mut self) {
        let Some(t) = &self.tour else { return };
        let (number, index) = (t.tour.number, t.index);
        let Some(step) = t.tour.steps.get(index) else {
            return;
        };
        let (doc, view) = (step.document.clone(), step.view);
        match self.open_document(doc, Some(view)) {
            Ok(()) => browser::set_fragment(&link::tour_fragment(number, index + 1)),
            Err(e) => self.page_error = Some(format!("This tour step could not be opened: {e}")),
        }
    }

    /// Leaves the tour, keeping its run on screen to play on from; Undo brings back the work from
    /// before the tour.
    pub(super) fn leave_tour(&mut self) {
        if self.tour.take().is_some() {
            browser::set_fragment("");
            let notice = "You left the tour: the run is yours to keep playing.";
            match self.keeper.tour_left() {
                Some(before) => self.offer_undo(before, notice),
                None => self.page_notice = Some(notice.into()),
            }
        }
    }
}
