//! The keeping of work, without Yew: the work as the tabs last reported it, when to save it, the Undo
//! of work that "New", a link, an import or a tour replaced, and share links and file names.
//!
//! Whether a message is worth saving is decided where the message enum lives, by an exhaustive
//! `match` returning a [`Worth`] (`app::worth` for the page's messages, `synod_tab::worth`,
//! `corfu_tab::worth` and `multipaxos_tab::worth` for the tabs'): a new message does not compile until
//! someone says what it is worth. (Opening or closing a tab's break-it lab is worth nothing: it keeps a
//! standing Undo, such as the one *Play it* offers.) [`Keeper::settle`]
//! turns that worth into what happens to the Undo and when to save.
//!
//! This file has no `yew` or `web_sys` in it: `tests/keeper.rs` compiles it natively and runs its
//! tests with `cargo test`.

use lunch_parliament::scenario::link;
use lunch_parliament::scenario::workspace::Work;
use lunch_parliament::scenario::{Document, Protocol};

/// What a message did to the work, as far as keeping it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Worth {
    /// Nothing kept changed (a selection, a view, an overlay, a file still being read).
    Nothing,
    /// Only which tab is in front changed: saved at once, and a standing Undo stays.
    Look,
    /// The user changed the work: to be saved at once, and a standing Undo is withdrawn, unless this
    /// very change offered it. (The app saves a tab's step by hand a moment later, with the steps that
    /// follow, and at once when the page is hidden or left, so a reload loses nothing.)
    Now,
    /// Autoplay changed the work, many times a second: saved together a moment later.
    Soon,
}

/// When to save, as [`Keeper::settle`] decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Save {
    No,
    Now,
    /// Start the timer that saves in a moment (none is running yet).
    Soon,
}

pub struct Keeper {
    /// The work as the tabs last reported it, with the tab in front.
    pub work: Work,
    /// The work that "New", a shared link, an import or a tour replaced, until undone or replaced again.
    undo: Option<Work>,
    /// The notice that offers the Undo (the button shows beside it only).
    undo_notice: Option<String>,
    /// The Undo was offered during the current message (so its own change does not withdraw it).
    fresh: bool,
    /// A save is waiting for its timer.
    pending: bool,
    /// The last save failed (and said so).
    failed: bool,
    /// The work as it was before the tour started, for Undo when leaving the tour.
    before_tour: Option<Work>,
}

impl Keeper {
    pub fn new(work: Work) -> Keeper {
        Keeper {
            work,
            undo: None,
            undo_notice: None,
            fresh: false,
            pending: false,
            failed: false,
            before_tour: None,
        }
    }

    /// What is on screen as a scenario file: the open tab's run at its cursor.
    pub fn document(&self) -> Document {
        match self.work.tab {
            Protocol::Synod => Document::Synod(self.work.synod.clone()),
            Protocol::Corfu => Document::Corfu(self.work.corfu.clone()),
            // The Multi-Paxos tab reports its run as soon as it is made, so it is always there.
            Protocol::MultiPaxos => match &self.work.multipaxos {
                Some(s) => Document::MultiPaxos(s.clone()),
                None => Document::Synod(self.work.synod.clone()),
            },
        }
    }

    /// Keeps `before` for Undo, offered beside `notice` (returned, to show) until the work moves on.
    pub fn offer_undo(&mut self, before: Work, notice: String) -> String {
        self.undo = Some(before);
        self.fresh = true;
        self.undo_notice = Some(notice.clone());
        notice
    }

    /// Whether the Undo button belongs beside the page's notice `notice`.
    pub fn offers_undo(&self, notice: Option<&str>) -> bool {
        self.undo.is_some() && notice.is_some() && notice == self.undo_notice.as_deref()
    }

    /// Takes the work to bring back, if an Undo is offered.
    pub fn take_undo(&mut self) -> Option<Work> {
        self.undo_notice = None;
        self.undo.take()
    }

    /// At the end of handling a message worth `worth`: withdraws a standing Undo if the work moved on,
    /// and says when to save. A tour is not saved over the work: its place is in the address, and its
    /// run becomes the user's own (and is saved) when they leave the tour.
    pub fn settle(&mut self, worth: Worth, touring: bool) -> Save {
        let save = match worth {
            Worth::Nothing => Save::No,
            Worth::Look | Worth::Now | Worth::Soon => {
                if !self.fresh && worth != Worth::Look {
                    self.undo = None;
                    self.undo_notice = None;
                }
                if touring {
                    Save::No
                } else if worth != Worth::Soon {
                    Save::Now
                } else if self.pending {
                    Save::No
                } else {
                    self.pending = true;
                    Save::Soon
                }
            }
        };
        self.fresh = false;
        save
    }

    /// A save is waiting for its timer.
    pub fn pending(&self) -> bool {
        self.pending
    }

    /// The waiting save is not needed (the timer was dropped).
    pub fn cancel_pending(&mut self) {
        self.pending = false;
    }

    /// The text to save now (the waiting save, if any, is done by it).
    pub fn text_to_save(&mut self) -> String {
        self.pending = false;
        self.work.to_json()
    }

    /// Hears how saving went. `Err(Some(message))`: say it (once, not after every step).
    pub fn saved(&mut self, result: Result<(), String>) -> Result<(), Option<String>> {
        match result {
            Ok(()) => {
                self.failed = false;
                Ok(())
            }
            Err(e) if !self.failed => {
                self.failed = true;
                Err(Some(format!(
                    "Autosave is off: {e}. Copy link or Export keeps your work."
                )))
            }
            Err(_) => Err(None),
        }
    }

    /// A tour starts: the work from before it is kept for Undo (from one tour to another, still the
    /// work from before the first).
    pub fn tour_starts(&mut self) {
        if self.before_tour.is_none() {
            self.before_tour = Some(self.work.clone());
        }
    }

    /// The tour was left: the work from before it, to offer back.
    pub fn tour_left(&mut self) -> Option<Work> {
        self.before_tour.take()
    }
}

/// A link that opens `doc` exactly, at its step, on the page at `address`.
pub fn share_link(address: &str, doc: &Document) -> String {
    format!("{address}#{}", link::scenario_fragment(doc))
}

/// A file name from a title: letters, digits and dashes.
pub fn file_name(title: &str) -> String {
    let slug: String = title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() {
        "lunch-parliament-scenario.json".into()
    } else {
        format!("lunch-parliament-{slug}.json")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lunch_parliament::corfu::presets::presets as corfu_presets;
    use lunch_parliament::multipaxos::presets::presets as multipaxos_presets;
    use lunch_parliament::scenario::link::Fragment;
    use lunch_parliament::scenario::presets;

    fn work(title: &str) -> Work {
        let mut synod = presets()[0].scenario().expect("preset opens");
        synod.title = title.into();
        Work {
            tab: Protocol::Synod,
            synod,
            corfu: corfu_presets()[0].scenario().expect("preset opens"),
            multipaxos: Some(multipaxos_presets()[0].scenario().expect("preset opens")),
        }
    }

    #[test]
    fn nothing_keeps_the_undo_and_saves_nothing() {
        let mut k = Keeper::new(work("a"));
        let n = k.offer_undo(work("before"), "Started afresh.".into());
        assert_eq!(
            k.settle(Worth::Now, false),
            Save::Now,
            "the change that offered it"
        );
        assert!(k.offers_undo(Some(&n)));
        assert_eq!(k.settle(Worth::Nothing, false), Save::No);
        assert!(k.offers_undo(Some(&n)));
        assert_eq!(k.settle(Worth::Look, false), Save::Now);
        assert!(k.offers_undo(Some(&n)), "looking at the other tab keeps it");
        assert!(!k.offers_undo(Some("another notice")));
        assert_eq!(k.settle(Worth::Now, false), Save::Now);
        assert!(!k.offers_undo(Some(&n)), "the work moved on");
        assert!(k.take_undo().is_none());
    }

    #[test]
    fn autoplay_saves_once_in_a_while_and_never_in_a_tour() {
        let mut k = Keeper::new(work("a"));
        assert_eq!(k.settle(Worth::Soon, false), Save::Soon);
        assert_eq!(k.settle(Worth::Soon, false), Save::No, "a save is waiting");
        assert!(k.pending());
        assert!(k.text_to_save().contains("\"tab\":\"synod\""));
        assert!(!k.pending());
        assert_eq!(k.settle(Worth::Soon, false), Save::Soon);
        k.cancel_pending();
        assert_eq!(k.settle(Worth::Now, true), Save::No);
        assert_eq!(k.settle(Worth::Soon, true), Save::No);
    }

    #[test]
    fn undo_brings_back_what_was_replaced() {
        let mut k = Keeper::new(work("mine"));
        let before = k.work.clone();
        k.offer_undo(before.clone(), "Opened the shared run.".into());
        k.work = work("shared");
        assert_eq!(k.take_undo(), Some(before));
        assert!(!k.offers_undo(Some("Opened the shared run.")));
    }

    #[test]
    fn a_tour_keeps_the_work_from_before_the_first_tour() {
        let mut k = Keeper::new(work("mine"));
        k.tour_starts();
        k.work = work("tour 1");
        k.tour_starts();
        assert_eq!(k.tour_left().map(|w| w.synod.title), Some("mine".into()));
        assert_eq!(k.tour_left(), None);
    }

    #[test]
    fn a_failed_save_is_said_once() {
        let mut k = Keeper::new(work("a"));
        assert!(matches!(k.saved(Err("full".into())), Err(Some(m)) if m.contains("full")));
        assert_eq!(k.saved(Err("full".into())), Err(None));
        assert_eq!(k.saved(Ok(())), Ok(()));
        assert!(matches!(k.saved(Err("full".into())), Err(Some(_))));
    }

    #[test]
    fn share_links_open_what_was_shared() {
        let mut k = Keeper::new(work("Shared lunch"));
        for tab in [Protocol::Synod, Protocol::Corfu, Protocol::MultiPaxos] {
            k.work.tab = tab;
            let doc = k.document();
            let url = share_link("http://example.org/app/", &doc);
            let (address, fragment) = url.split_once('#').expect("a fragment");
            assert_eq!(address, "http://example.org/app/");
            match link::parse_fragment(fragment) {
                Ok(Fragment::Scenario(back)) => assert_eq!(back, doc),
                _ => panic!("the link does not open the run"),
            }
        }
    }

    #[test]
    fn file_names_are_slugs() {
        assert_eq!(
            file_name("Round 10: Taco!"),
            "lunch-parliament-round-10-taco.json"
        );
        assert_eq!(file_name("  ¿?  "), "lunch-parliament-scenario.json");
    }
}
