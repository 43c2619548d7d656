//! Saved work: what the page keeps in the browser's storage so a reload finds it as it was — the tab
//! in front and both tabs' scenarios, each where its cursor stood.
//!
//! `{"version":1,"tab":"synod","synod":{…scenario file…},"corfu":{…CORFU scenario file…}}`. Reading it
//! back applies every check of a scenario file to both scenarios, replay included: storage can hold
//! anything (an old build's data, a hand edit, a write cut short), so bad saved work is an error,
//! never a panic.

use super::document::{Document, Protocol};
use super::file::{check_version, read_json, shaped, Scenario, ScenarioError, FORMAT_VERSION};
use crate::corfu::presets::CorfuScenario;
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

#[derive(Serialize)]
struct Saving<'a> {
    version: u64,
    tab: Protocol,
    synod: &'a Scenario,
    corfu: &'a CorfuScenario,
}

/// The outer shape, before either scenario is read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Saved {
    #[allow(dead_code)]
    version: u64,
    tab: Protocol,
    synod: serde_json::Value,
    corfu: serde_json::Value,
}

impl Workspace {
    /// Compact JSON, for storage.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&Saving {
            version: FORMAT_VERSION,
            tab: self.tab,
            synod: &self.synod,
            corfu: &self.corfu,
        })
        .unwrap_or_default()
    }

    /// Reads saved work: size, JSON, version, shape, then each scenario as a scenario file is read
    /// (replayed too, so saved work that parses also opens). Never panics, whatever the text.
    pub fn parse(text: &str) -> Result<Workspace, ScenarioError> {
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
        Ok(Workspace {
            // No Multi-Paxos tab yet: saved work that names it opens on the Synod tab.
            tab: match saved.tab {
                Protocol::MultiPaxos => Protocol::Synod,
                tab => tab,
            },
            synod,
            corfu,
        })
    }
}

fn wrong_protocol(want: &str, found: &str) -> ScenarioError {
    ScenarioError::Shape(format!("expected a {want} scenario, found a {found} one"))
}
