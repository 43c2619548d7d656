//! A document is whatever a user can open, share, save or import: a synod, CORFU or Multi-Paxos
//! scenario. All are the CLI's scenario files; `"protocol"` tells them apart ("synod" when absent).

use super::file::{check_version, corfu_from_value, read_json, shorten, Scenario, ScenarioError};
use crate::corfu::presets::CorfuScenario;
use crate::multipaxos::presets::MultiPaxosScenario;
use serde::{Deserialize, Serialize};

/// Which protocol a document (and a tab of the page) is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    Synod,
    Corfu,
    #[serde(rename = "multipaxos")]
    MultiPaxos,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Document {
    Synod(Scenario),
    Corfu(CorfuScenario),
    MultiPaxos(MultiPaxosScenario),
}

/// Whether a file with no `protocol` would read as a CORFU scenario if it named one.
fn looks_like_corfu(mut value: serde_json::Value) -> bool {
    match value.as_object_mut() {
        Some(o) => {
            o.insert("protocol".into(), serde_json::Value::from("corfu"));
            corfu_from_value(value).is_ok()
        }
        None => false,
    }
}

impl Document {
    /// Parses a scenario file of either protocol and replays it, so a document that parses also opens:
    /// every action applies and the step is in range. Never panics, whatever the text.
    pub fn parse(text: &str) -> Result<Document, ScenarioError> {
        Document::from_value(read_json(text)?)
    }

    /// The checks of [`Document::parse`] after the JSON syntax: version, protocol, shape, config, and
    /// the replay.
    pub(crate) fn from_value(value: serde_json::Value) -> Result<Document, ScenarioError> {
        check_version(&value)?;
        let protocol = match value.get("protocol") {
            None => "synod".to_string(),
            Some(serde_json::Value::String(p)) => p.clone(),
            Some(other) => {
                return Err(ScenarioError::Shape(format!(
                    "at protocol: expected \"synod\", \"corfu\" or \"multipaxos\", found {}",
                    shorten(&other.to_string())
                )))
            }
        };
        match protocol.as_str() {
            "synod" => {
                let named = value.get("protocol").is_some();
                let s = match Scenario::from_value(value.clone()) {
                    Ok(s) => s,
                    // A CORFU file that forgot its protocol says so, rather than naming a synod field.
                    Err(_) if !named && looks_like_corfu(value) => {
                        return Err(ScenarioError::Shape(
                            "this looks like a CORFU scenario without \"protocol\": \"corfu\"; add it to open it as one".into(),
                        ))
                    }
                    Err(e) => return Err(e),
                };
                s.replay()?;
                Ok(Document::Synod(s))
            }
            "corfu" => {
                let s = corfu_from_value(value)?;
                s.replay()?;
                Ok(Document::Corfu(s))
            }
            "multipaxos" => {
                let s = MultiPaxosScenario::from_value(value)?;
                s.replay()?;
                Ok(Document::MultiPaxos(s))
            }
            other => Err(ScenarioError::Shape(format!(
                "unknown protocol \"{}\": expected \"synod\", \"corfu\" or \"multipaxos\"",
                shorten(other)
            ))),
        }
    }

    pub fn protocol(&self) -> Protocol {
        match self {
            Document::Synod(_) => Protocol::Synod,
            Document::Corfu(_) => Protocol::Corfu,
            Document::MultiPaxos(_) => Protocol::MultiPaxos,
        }
    }

    /// The scenario file, pretty-printed: the same JSON the CLI reads.
    pub fn to_json(&self) -> String {
        match self {
            Document::Synod(s) => s.to_json(),
            Document::Corfu(s) => serde_json::to_string_pretty(s).unwrap_or_default(),
            Document::MultiPaxos(s) => s.to_json(),
        }
    }

    /// The same JSON on one line, without spaces (what a share link compresses).
    pub fn to_compact_json(&self) -> String {
        match self {
            Document::Synod(s) => serde_json::to_string(s).unwrap_or_default(),
            Document::Corfu(s) => serde_json::to_string(s).unwrap_or_default(),
            Document::MultiPaxos(s) => serde_json::to_string(s).unwrap_or_default(),
        }
    }

    pub fn title(&self) -> &str {
        match self {
            Document::Synod(s) => &s.title,
            Document::Corfu(s) => &s.title,
            Document::MultiPaxos(s) => &s.title,
        }
    }

    /// Where it opens; the end when `None`.
    pub fn step(&self) -> Option<usize> {
        match self {
            Document::Synod(s) => s.step,
            Document::Corfu(s) => s.step,
            Document::MultiPaxos(s) => s.step,
        }
    }

    pub fn with_step(self, step: Option<usize>) -> Document {
        match self {
            Document::Synod(s) => Document::Synod(Scenario { step, ..s }),
            Document::Corfu(s) => Document::Corfu(CorfuScenario { step, ..s }),
            Document::MultiPaxos(s) => Document::MultiPaxos(s.replace_step(step)),
        }
    }

    /// The same run (config and actions), wherever each one opens.
    pub fn same_run(&self, other: &Document) -> bool {
        match (self, other) {
            (Document::Synod(a), Document::Synod(b)) => {
                a.config == b.config && a.actions == b.actions
            }
            (Document::Corfu(a), Document::Corfu(b)) => {
                a.config == b.config && a.actions == b.actions
            }
            (Document::MultiPaxos(a), Document::MultiPaxos(b)) => {
                a.config == b.config && a.actions == b.actions
            }
            _ => false,
        }
    }
}

impl From<Scenario> for Document {
    fn from(s: Scenario) -> Document {
        Document::Synod(s)
    }
}

impl From<CorfuScenario> for Document {
    fn from(s: CorfuScenario) -> Document {
        Document::Corfu(s)
    }
}

impl From<MultiPaxosScenario> for Document {
    fn from(s: MultiPaxosScenario) -> Document {
        Document::MultiPaxos(s)
    }
}
