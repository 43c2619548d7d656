//! What every protocol tab shares with the page shell (`app.rs`): how the shell opens a run in a tab,
//! hands it keys, and hears that its run changed.
//!
//! A tab is a Yew component whose props follow one shape:
//!
//! | prop        | type                    | meaning                                                        |
//! |-------------|-------------------------|----------------------------------------------------------------|
//! | `active`    | `bool`                  | the tab is in front; hidden, it keeps its run, draws nothing and stops autoplay |
//! | `compact`   | `bool`                  | presenting: large type, a short transcript                    |
//! | `load`      | `Rc<Load<S>>`           | a run the page asks the tab to open (a new generation opens it) |
//! | `keys`      | [`KeyChannel`]          | the keys the shell routed to this tab                          |
//! | `on_change` | `Callback<Change<S>>`   | the tab's run or cursor changed (or it opened a load)          |
//! | `on_escape` | `Callback<()>`          | Esc found nothing of the tab's own to close                    |
//!
//! `S` is the tab's scenario type (`Scenario` for the Synod tab, `CorfuScenario` for CORFU). A tab may
//! take more props of its own (the Synod tab takes the title and whether a tour is open).
//!
//! The shell keeps the last [`Change`] of every tab (that is the work it saves, shares and exports),
//! and listens to the keyboard once: overlays, tours and page keys are its own; every other key goes
//! to the open tab through its [`KeyChannel`]. Each tab decides what its own messages are worth to
//! the keeper (`keeper::Worth`) and says so in its [`Change`].

use super::keeper::Worth;
use super::keys::Command;
use std::cell::RefCell;
use std::rc::Rc;
use yew::Callback;

/// A run the page asks a tab to open (a preset at start, a share link, an import, a tour step, saved
/// work, Undo). A new `generation` means "open this"; the same one is already open.
pub struct Load<S> {
    pub generation: u64,
    pub scenario: S,
}

impl<S> PartialEq for Load<S> {
    fn eq(&self, other: &Load<S>) -> bool {
        self.generation == other.generation
    }
}

impl<S> Load<S> {
    /// The next load after `self`.
    pub fn next(&self, scenario: S) -> Rc<Load<S>> {
        Rc::new(Load {
            generation: self.generation + 1,
            scenario,
        })
    }
}

/// What a tab reports when its run changed.
pub struct Change<S> {
    /// The run at its cursor, as the scenario file that reproduces it.
    pub scenario: S,
    /// The trace hash at the cursor, as `parliament replay` prints it.
    pub hash: String,
    /// Whether and when the change is worth saving (the tab's own exhaustive decision).
    pub worth: Worth,
    /// In a tour, this change means the run is no longer the caption's: the shell leaves the tour.
    pub leaves_tour: bool,
}

/// The keys the shell routes to one tab. The tab connects its handler when it is created; the shell
/// sends into it. Two channels are equal only if they are the same channel.
#[derive(Clone, Default)]
pub struct KeyChannel(Rc<RefCell<Option<Callback<Command>>>>);

impl KeyChannel {
    pub fn connect(&self, handler: Callback<Command>) {
        *self.0.borrow_mut() = Some(handler);
    }

    /// Hands `command` to the tab (nothing happens before the tab has connected).
    pub fn send(&self, command: Command) {
        let handler = self.0.borrow().clone();
        if let Some(h) = handler {
            h.emit(command);
        }
    }
}

impl PartialEq for KeyChannel {
    fn eq(&self, other: &KeyChannel) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}
