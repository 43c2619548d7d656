//! A preset replayed once, for finding where a tour's captions belong: the step after which something
//! happened (an event) or holds (a state of the world).
//!
//! Positions are steps applied: outcome `i` of a history is step `i + 1`, so "the step after which A3
//! promises" is the position at which the chamber shows A3's promise made.

use super::TourStep;
use crate::corfu::world::Corfu;
use crate::scenario::{Document, Preset, ScenarioFile};
use crate::sim::{History, Protocol, World};
use crate::synod::{NodeId, Synod};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A preset's whole run, for any protocol whose scenario files open as a [`Document`].
pub(super) struct Run<P: Protocol> {
    scenario: ScenarioFile<P>,
    history: History<World<P>>,
}

/// The synod's and CORFU's runs.
pub(super) type SynodRun = Run<Synod>;
pub(super) type CorfuRun = Run<Corfu>;

impl<P: Protocol> Run<P>
where
    P::Config: Serialize + DeserializeOwned,
    P::Action: Serialize + DeserializeOwned,
    ScenarioFile<P>: Into<Document>,
{
    /// The whole run of a preset from `list` (its opening step is kept apart: see [`Run::opening`]).
    pub fn of(list: &'static [Preset<P>], id: &str) -> Result<Run<P>, String> {
        let scenario = Preset::find(list, id)
            .ok_or_else(|| format!("tour: there is no {} preset '{id}'", P::NAME))?
            .scenario()?;
        let history = scenario
            .clone()
            .replace_step(None)
            .replay()
            .map_err(|e| format!("tour: preset '{id}': {e}"))?;
        Ok(Run { scenario, history })
    }

    fn title(&self) -> &str {
        &self.scenario.title
    }

    /// Where the preset opens (the slide it reproduces).
    pub fn opening(&self) -> Result<usize, String> {
        self.scenario
            .step
            .ok_or_else(|| format!("tour: preset '{}' opens at its end", self.title()))
    }

    pub fn len(&self) -> usize {
        self.history.len()
    }

    /// The events of step `k` (1-based).
    pub fn events(&self, k: usize) -> &[P::Event] {
        k.checked_sub(1)
            .and_then(|i| self.history.outcomes().get(i))
            .map_or(&[], |s| s.events.as_slice())
    }

    /// The first step after `from` steps whose events include one that `matches`.
    pub fn after(
        &self,
        from: usize,
        what: &str,
        matches: impl Fn(&P::Event) -> bool,
    ) -> Result<usize, String> {
        self.history
            .outcomes()
            .iter()
            .enumerate()
            .skip(from)
            .find(|(_, s)| s.events.iter().any(&matches))
            .map(|(i, _)| i + 1)
            .ok_or_else(|| format!("tour: in '{}' nobody sees {what}", self.title()))
    }

    /// Every step whose events include one that `matches`.
    pub fn all(&self, matches: impl Fn(&P::Event) -> bool) -> Vec<usize> {
        self.history
            .outcomes()
            .iter()
            .enumerate()
            .filter(|(_, s)| s.events.iter().any(&matches))
            .map(|(i, _)| i + 1)
            .collect()
    }

    /// The last step whose events include one that `matches`.
    pub fn last(&self, what: &str, matches: impl Fn(&P::Event) -> bool) -> Result<usize, String> {
        self.all(matches)
            .last()
            .copied()
            .ok_or_else(|| format!("tour: in '{}' nobody sees {what}", self.title()))
    }

    /// The world after `k` steps.
    pub fn world(&mut self, k: usize) -> &World<P> {
        self.history.seek(k);
        self.history.current()
    }

    /// The first position from `from` on at which the world satisfies `holds`.
    pub fn when(
        &mut self,
        from: usize,
        what: &str,
        holds: impl Fn(&World<P>) -> bool,
    ) -> Result<usize, String> {
        for k in from..=self.len() {
            if holds(self.world(k)) {
                return Ok(k);
            }
        }
        Err(format!("tour: in '{}' {what} never holds", self.title()))
    }

    /// A tour step: this run opened after `k` steps, with `caption`.
    pub fn at(&self, k: usize, caption: impl Into<String>) -> TourStep {
        let document: Document = self.scenario.clone().into();
        TourStep {
            caption: caption.into(),
            document: document.with_step(Some(k)),
            view: super::View::Chamber,
        }
    }
}

/// "A1", "A1 and A2", "A1, A2 and A3".
pub(super) fn and_list(nodes: &[NodeId]) -> String {
    let names: Vec<String> = nodes.iter().map(|n| n.to_string()).collect();
    match names.as_slice() {
        [] => "nobody".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Parses a node name that the tour's own text supplies.
pub(super) fn node(name: &str) -> Result<NodeId, String> {
    name.parse()
}
