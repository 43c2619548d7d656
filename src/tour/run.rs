//! A preset replayed once, for finding where a tour's captions belong: the step after which something
//! happened (an event) or holds (a state of the world).
//!
//! Positions are steps applied: outcome `i` of a history is step `i + 1`, so "the step after which A3
//! promises" is the position at which the chamber shows A3's promise made.

use super::TourStep;
use crate::corfu;
use crate::scenario::{preset, Document, Scenario};
use crate::sim::History;
use crate::synod::{Event, NodeId, World};

pub(super) struct SynodRun {
    scenario: Scenario,
    history: History<World>,
}

impl SynodRun {
    /// The whole run of a preset (its opening step is kept apart: see [`SynodRun::opening`]).
    pub fn preset(id: &str) -> Result<SynodRun, String> {
        let scenario = preset(id)
            .ok_or_else(|| format!("tour: there is no preset '{id}'"))?
            .scenario()?;
        let history = Scenario {
            step: None,
            ..scenario.clone()
        }
        .replay()
        .map_err(|e| format!("tour: preset '{id}': {e}"))?;
        Ok(SynodRun { scenario, history })
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
    pub fn events(&self, k: usize) -> &[Event] {
        k.checked_sub(1)
            .and_then(|i| self.history.outcomes().get(i))
            .map_or(&[], |s| s.events.as_slice())
    }

    /// The first step after `from` steps whose events include one that `matches`.
    pub fn after(
        &self,
        from: usize,
        what: &str,
        matches: impl Fn(&Event) -> bool,
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
    pub fn all(&self, matches: impl Fn(&Event) -> bool) -> Vec<usize> {
        self.history
            .outcomes()
            .iter()
            .enumerate()
            .filter(|(_, s)| s.events.iter().any(&matches))
            .map(|(i, _)| i + 1)
            .collect()
    }

    /// The last step whose events include one that `matches`.
    pub fn last(&self, what: &str, matches: impl Fn(&Event) -> bool) -> Result<usize, String> {
        self.all(matches)
            .last()
            .copied()
            .ok_or_else(|| format!("tour: in '{}' nobody sees {what}", self.title()))
    }

    /// The world after `k` steps.
    pub fn world(&mut self, k: usize) -> &World {
        self.history.seek(k);
        self.history.current()
    }

    /// The first position from `from` on at which the world satisfies `holds`.
    pub fn when(
        &mut self,
        from: usize,
        what: &str,
        holds: impl Fn(&World) -> bool,
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
        TourStep {
            caption: caption.into(),
            document: Document::Synod(self.scenario.clone()).with_step(Some(k)),
            view: super::View::Chamber,
        }
    }
}

pub(super) struct CorfuRun {
    scenario: corfu::presets::CorfuScenario,
    history: History<corfu::World>,
}

impl CorfuRun {
    pub fn preset(id: &str) -> Result<CorfuRun, String> {
        let scenario = corfu::presets::preset(id)
            .ok_or_else(|| format!("tour: there is no CORFU preset '{id}'"))?
            .scenario()?;
        let mut whole = scenario.clone();
        whole.step = None;
        let history = whole
            .replay()
            .map_err(|e| format!("tour: preset '{id}': {e}"))?;
        Ok(CorfuRun { scenario, history })
    }

    /// The first step after `from` steps whose events include one that `matches`.
    pub fn after(
        &self,
        from: usize,
        what: &str,
        matches: impl Fn(&corfu::Event) -> bool,
    ) -> Result<usize, String> {
        self.history
            .outcomes()
            .iter()
            .enumerate()
            .skip(from)
            .find(|(_, s)| s.events.iter().any(&matches))
            .map(|(i, _)| i + 1)
            .ok_or_else(|| format!("tour: in '{}' nobody sees {what}", self.scenario.title))
    }

    pub fn at(&self, k: usize, caption: impl Into<String>) -> TourStep {
        TourStep {
            caption: caption.into(),
            document: Document::Corfu(self.scenario.clone()).with_step(Some(k)),
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
