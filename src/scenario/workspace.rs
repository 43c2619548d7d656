//! Saved work: what the page keeps in the browser's storage so a reload finds it as it was — the tab
//! in front and every tab's scenario, each where its cursor stood.
//!
//! `{"version":1,"tab":"synod","synod":{…scenario file…},"corfu":{…CORFU scenario file…},
//! "multipaxos":{…Multi-Paxos scenario file…}}`. The `multipaxos` part is optional: work saved before
//! the Multi-Paxos tab has none, and still opens. Reading it back applies every check of a scenario
//! file to each scenario, replay included: storage can hold anything (an old build's data, a hand edit,
//! a write cut short), so bad saved work is an error, never a panic.
//!
//! [`Work`] is what the page keeps (every tab's run); [`Workspace`] is the shape of saved work before
//! the Multi-Paxos tab (the Synod and CORFU runs), kept for what builds or reads only those two.

use super::document::{Document, Protocol};
use super::file::{check_version, read_json, shaped, Scenario, ScenarioError, FORMAT_VERSION};
use crate::corfu::presets::CorfuScenario;
use crate::multipaxos::presets::MultiPaxosScenario;
use serde::{Deserialize, Serialize};

/// The browser-storage key the workspace is saved under.
pub const STORAGE_KEY: &str = "lunch-parliament/workspace/v1";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workspace {
    /// The tab in front.
    pub tab: Protocol,
    pub synod: Scenario,
    pub corfu: CorfuScenario,
}

/// Everything the page keeps: the tab in front and every tab's run (the Multi-Paxos tab's, once the
/// page has one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Work {
    /// The tab in front.
    pub tab: Protocol,
    pub synod: Scenario,
    pub corfu: CorfuScenario,
    /// `None` in work saved before the Multi-Paxos tab.
    pub multipaxos: Option<MultiPaxosScenario>,
}

impl From<Workspace> for Work {
    fn from(w: Workspace) -> Work {
        Work {
            tab: w.tab,
            synod: w.synod,
            corfu: w.corfu,
            multipaxos: None,
        }
    }
}

impl From<Work> for Workspace {
    fn from(w: Work) -> Workspace {
        Workspace {
            tab: w.tab,
            synod: w.synod,
            corfu: w.corfu,
        }
    }
}

#[derive(Serialize)]
struct Saving<'a> {
    version: u64,
    tab: Protocol,
    synod: &'a Scenario,
    corfu: &'a CorfuScenario,
    #[serde(skip_serializing_if = "Option::is_none")]
    multipaxos: Option<&'a MultiPaxosScenario>,
}

/// The outer shape, before any scenario is read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Saved {
    #[allow(dead_code)]
    version: u64,
    tab: Protocol,
    synod: serde_json::Value,
    corfu: serde_json::Value,
    #[serde(default)]
    multipaxos: Option<serde_json::Value>,
}

impl Workspace {
    /// Compact JSON, for storage.
    pub fn to_json(&self) -> String {
        Work::from(self.clone()).to_json()
    }

    /// Reads saved work (see [`Work::parse`]), leaving out the Multi-Paxos run.
    pub fn parse(text: &str) -> Result<Workspace, ScenarioError> {
        Work::parse(text).map(Workspace::from)
    }
}

impl Work {
    /// Compact JSON, for storage.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&Saving {
            version: FORMAT_VERSION,
            tab: self.tab,
            synod: &self.synod,
            corfu: &self.corfu,
            multipaxos: self.multipaxos.as_ref(),
        })
        .unwrap_or_default()
    }

    /// Reads saved work: size, JSON, version, shape, then each scenario as a scenario file is read
    /// (replayed too, so saved work that parses also opens). Never panics, whatever the text.
    pub fn parse(text: &str) -> Result<Work, ScenarioError> {
        let value = read_json(text)?;
        check_version(&value)?;
        let saved: Saved = shaped(value)?;
        let part = |part: &'static str, error: ScenarioError| ScenarioError::Saved {
            part,
            error: Box::new(error),
        };
        let synod = match Document::from_value(saved.synod) {
            Ok(Document::Synod(s)) => s,
            Ok(Document::Corfu(_)) => {
                return Err(part("synod", wrong_protocol("synod", "corfu")));
            }
            Ok(Document::MultiPaxos(_)) => {
                return Err(part("synod", wrong_protocol("synod", "multipaxos")));
            }
            Err(e) => return Err(part("synod", e)),
        };
        let corfu = match Document::from_value(saved.corfu) {
            Ok(Document::Corfu(s)) => s,
            Ok(Document::Synod(_)) => {
                return Err(part("corfu", wrong_protocol("corfu", "synod")));
            }
            Ok(Document::MultiPaxos(_)) => {
                return Err(part("corfu", wrong_protocol("corfu", "multipaxos")));
            }
            Err(e) => return Err(part("corfu", e)),
        };
        let multipaxos = match saved.multipaxos.map(Document::from_value) {
            None => None,
            Some(Ok(Document::MultiPaxos(s))) => Some(s),
            Some(Ok(Document::Synod(_))) => {
                return Err(part("multipaxos", wrong_protocol("multipaxos", "synod")));
            }
            Some(Ok(Document::Corfu(_))) => {
                return Err(part("multipaxos", wrong_protocol("multipaxos", "corfu")));
            }
            Some(Err(e)) => return Err(part("multipaxos", e)),
        };
        Ok(Work {
            // Saved work that names the Multi-Paxos tab but has no run for it opens on the Synod tab.
            tab: match saved.tab {
                Protocol::MultiPaxos if multipaxos.is_none() => Protocol::Synod,
                tab => tab,
            },
            synod,
            corfu,
            multipaxos,
        })
    }
}

fn wrong_protocol(want: &str, found: &str) -> ScenarioError {
    ScenarioError::Shape(format!("expected a {want} scenario, found a {found} one"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work(tab: Protocol, multipaxos: bool) -> Work {
        Work {
            tab,
            synod: crate::scenario::presets()[0]
                .scenario()
                .expect("a Synod preset"),
            corfu: crate::corfu::presets::presets()[0]
                .scenario()
                .expect("a CORFU preset"),
            multipaxos: multipaxos.then(|| {
                crate::multipaxos::presets::presets()[0]
                    .scenario()
                    .expect("a Multi-Paxos preset")
                    .replace_step(Some(7))
            }),
        }
    }

    #[test]
    fn the_multipaxos_run_round_trips_and_is_optional() {
        let w = work(Protocol::MultiPaxos, true);
        let text = w.to_json();
        assert!(text.contains("\"multipaxos\":{"), "{text:.80}");
        assert_eq!(Work::parse(&text), Ok(w.clone()));
        // The two-tab view leaves it out, and reads it as before.
        assert_eq!(
            Workspace::parse(&text).map(|ws| ws.synod),
            Ok(w.synod.clone())
        );
        // Work saved before the tab: none, and it opens.
        let old = Workspace::from(work(Protocol::Corfu, false)).to_json();
        assert!(!old.contains("multipaxos"));
        assert_eq!(Work::parse(&old), Ok(work(Protocol::Corfu, false)));
        // The Multi-Paxos tab in front with no run for it: the Synod tab.
        let mut lone = work(Protocol::MultiPaxos, false);
        assert_eq!(
            Work::parse(&lone.to_json()).map(|w| w.tab),
            Ok(Protocol::Synod)
        );
        lone.multipaxos = None;
        // A damaged Multi-Paxos part is named.
        let bad = text.replace("\"protocol\":\"multipaxos\"", "\"protocol\":\"corfu\"");
        assert!(Work::parse(&bad)
            .map_err(|e| e.to_string())
            .unwrap_err()
            .contains("the saved multipaxos scenario is damaged"));
    }
}
