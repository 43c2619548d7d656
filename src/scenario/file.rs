//! The scenario file: `{"version": 1, "title": …, "config": {…}, "actions": […], "step": N}`.
//!
//! Loading checks, in order: size, JSON syntax, the version, the shape (naming the field that is wrong),
//! the config, and then every action by replaying it — so an unknown node, a messenger that is not in
//! flight or a round number used twice is reported with the action's position.

use crate::corfu::presets::CorfuScenario;
use crate::sim::{History, Protocol, World};
use crate::synod::Synod;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt;

pub const FORMAT_VERSION: u64 = 1;
/// Larger files are refused before parsing.
pub const MAX_BYTES: usize = 4 * 1024 * 1024;
pub const MAX_ACTIONS: usize = 200_000;
const MAX_TITLE_CHARS: usize = 120;

/// Files that name no protocol are synod files (the format predates the other tabs).
const UNNAMED: &str = "synod";

/// A scenario file of any protocol: `{"version": 1, "protocol": …, "title": …, "config": {…},
/// "actions": […], "step": N}`. The same format, checks and replay for every tab.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    bound(
        serialize = "P::Config: Serialize, P::Action: Serialize",
        deserialize = "P::Config: Deserialize<'de>, P::Action: Deserialize<'de>"
    )
)]
pub struct ScenarioFile<P: Protocol> {
    pub version: u64,
    /// The protocol's name; empty (absent from the file) for the synod.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub protocol: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    pub config: P::Config,
    #[serde(default = "Vec::new")]
    pub actions: Vec<P::Action>,
    /// Where to open it (steps applied); the end when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<usize>,
}

/// A synod scenario file.
pub type Scenario = ScenarioFile<Synod>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioError {
    TooLarge(usize),
    NotJson(String),
    NotAnObject,
    MissingVersion,
    UnknownVersion(String),
    Shape(String),
    Config(String),
    TooManyActions(usize),
    Title(String),
    Action {
        index: usize,
        action: String,
        why: String,
    },
    StepOutOfRange {
        step: usize,
        len: usize,
    },
    /// One scenario of saved work (a [`super::workspace::Workspace`]) is wrong: `part` is "synod" or "corfu".
    Saved {
        part: &'static str,
        error: Box<ScenarioError>,
    },
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::TooLarge(n) => write!(
                f,
                "the file is {n} bytes; scenario files are at most {MAX_BYTES} bytes"
            ),
            ScenarioError::NotJson(e) => write!(f, "not a scenario file: this is not JSON ({e})"),
            ScenarioError::NotAnObject => {
                write!(
                    f,
                    "not a scenario file: expected a JSON object with a \"version\""
                )
            }
            ScenarioError::MissingVersion => {
                write!(f, "not a scenario file: the \"version\" field is missing")
            }
            ScenarioError::UnknownVersion(v) => write!(
                f,
                "unknown scenario version {v}: this build reads version {FORMAT_VERSION}"
            ),
            ScenarioError::Shape(e) => write!(f, "bad scenario file: {e}"),
            ScenarioError::Config(e) => write!(f, "bad config: {e}"),
            ScenarioError::TooManyActions(n) => write!(
                f,
                "{n} actions is too many: a scenario holds at most {MAX_ACTIONS}"
            ),
            ScenarioError::Title(e) => write!(f, "bad title: {e}"),
            ScenarioError::Action { index, action, why } => {
                write!(
                    f,
                    "action {} ({action}) cannot be applied: {why}",
                    index + 1
                )
            }
            ScenarioError::StepOutOfRange { step, len } => write!(
                f,
                "step {step} is past the end: the scenario has {len} actions"
            ),
            ScenarioError::Saved { part, error } => {
                write!(f, "the saved {part} scenario is damaged: {error}")
            }
        }
    }
}

impl std::error::Error for ScenarioError {}

/// What a file says its protocol is: written for every protocol but the synod.
fn protocol_field<P: Protocol>() -> String {
    if P::NAME == UNNAMED {
        String::new()
    } else {
        P::NAME.to_string()
    }
}

impl<P: Protocol> ScenarioFile<P>
where
    P::Config: Serialize + DeserializeOwned,
    P::Action: Serialize + DeserializeOwned,
{
    pub fn new(title: &str, config: P::Config, actions: Vec<P::Action>) -> ScenarioFile<P> {
        ScenarioFile {
            version: FORMAT_VERSION,
            protocol: protocol_field::<P>(),
            title: title.to_string(),
            config,
            actions,
            step: None,
        }
    }

    /// The same scenario, opening at `step` (the end when `None`).
    pub fn replace_step(mut self, step: Option<usize>) -> ScenarioFile<P> {
        self.step = step;
        self
    }

    /// Parses and checks the shape of a scenario file. Never panics, whatever the bytes.
    pub fn parse(text: &str) -> Result<ScenarioFile<P>, ScenarioError> {
        ScenarioFile::from_value(read_json(text)?)
    }

    /// The checks of [`ScenarioFile::parse`] after the JSON syntax: version, shape, protocol, config,
    /// title, step.
    pub(crate) fn from_value(
        mut value: serde_json::Value,
    ) -> Result<ScenarioFile<P>, ScenarioError> {
        check_version(&value)?;
        // A synod file may name its protocol ("synod" is also what its absence means).
        if let Some(object) = value.as_object_mut() {
            if P::NAME == UNNAMED
                && object.get("protocol").and_then(|p| p.as_str()) == Some(UNNAMED)
            {
                object.remove("protocol");
            }
        }
        let scenario: ScenarioFile<P> = shaped(value)?;
        scenario.check_static()?;
        Ok(scenario)
    }

    /// What can be checked without replaying: protocol, config, number of actions, title, step.
    pub(crate) fn check_static(&self) -> Result<(), ScenarioError> {
        let want = protocol_field::<P>();
        if self.protocol != want {
            return Err(ScenarioError::Shape(if self.protocol.is_empty() {
                "missing field `protocol`".to_string()
            } else {
                format!(
                    "at protocol: \"{}\" is not \"{}\"",
                    shorten(&self.protocol),
                    P::NAME
                )
            }));
        }
        P::start(&self.config).map_err(ScenarioError::Config)?;
        check_size_title_step(self.actions.len(), &self.title, self.step)
    }

    /// Replays every action, stopping at the first that cannot be applied. The cursor is put at
    /// `step` (the end if absent).
    pub fn replay(&self) -> Result<History<World<P>>, ScenarioError> {
        self.check_static()?;
        let world = P::start(&self.config).map_err(ScenarioError::Config)?;
        let mut history = History::new(world);
        for (index, action) in self.actions.iter().enumerate() {
            history
                .act(action.clone())
                .map_err(|e| ScenarioError::Action {
                    index,
                    action: action.to_string(),
                    why: e.to_string(),
                })?;
        }
        if let Some(step) = self.step {
            history.seek(step);
        }
        Ok(history)
    }

    /// Parse, then replay.
    pub fn load(text: &str) -> Result<(ScenarioFile<P>, History<World<P>>), ScenarioError> {
        let scenario = ScenarioFile::parse(text)?;
        let history = scenario.replay()?;
        Ok((scenario, history))
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The scenario of a history: its config and every recorded action, opened at the cursor.
    pub fn of_history(title: &str, history: &History<World<P>>) -> ScenarioFile<P> {
        ScenarioFile {
            step: (history.cursor() < history.len()).then_some(history.cursor()),
            ..ScenarioFile::new(
                title,
                history.initial().config().clone(),
                history.actions().to_vec(),
            )
        }
    }
}

/// The `protocol` a scenario file names ("synod" when absent), if the text is a JSON object at all.
pub fn protocol_of(text: &str) -> Option<String> {
    if text.len() > MAX_BYTES {
        return None;
    }
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    match value.get("protocol") {
        None => Some("synod".into()),
        Some(p) => p.as_str().map(str::to_string),
    }
}

/// Parses a CORFU scenario file with the same checks as the synod's (size, JSON, version, shape, config,
/// title, step in range). Replaying it is [`CorfuScenario::replay_checked`].
pub fn parse_corfu(text: &str) -> Result<CorfuScenario, ScenarioError> {
    corfu_from_value(read_json(text)?)
}

/// The checks of [`parse_corfu`] after the JSON syntax.
pub(crate) fn corfu_from_value(value: serde_json::Value) -> Result<CorfuScenario, ScenarioError> {
    CorfuScenario::from_value(value)
}

/// The checks both protocols' files share: how many actions, the title, and where to open.
fn check_size_title_step(
    actions: usize,
    title: &str,
    step: Option<usize>,
) -> Result<(), ScenarioError> {
    if actions > MAX_ACTIONS {
        return Err(ScenarioError::TooManyActions(actions));
    }
    check_title(title)?;
    match step {
        Some(step) if step > actions => Err(ScenarioError::StepOutOfRange { step, len: actions }),
        _ => Ok(()),
    }
}

/// Size, then JSON syntax. Never panics: serde_json limits nesting, and the size is checked first.
pub(crate) fn read_json(text: &str) -> Result<serde_json::Value, ScenarioError> {
    if text.len() > MAX_BYTES {
        return Err(ScenarioError::TooLarge(text.len()));
    }
    serde_json::from_str(text).map_err(|e| ScenarioError::NotJson(e.to_string()))
}

/// The value is an object whose `"version"` is the one this build reads.
pub(crate) fn check_version(value: &serde_json::Value) -> Result<(), ScenarioError> {
    let object = value.as_object().ok_or(ScenarioError::NotAnObject)?;
    match object.get("version") {
        None => Err(ScenarioError::MissingVersion),
        Some(v) if v.as_u64() == Some(FORMAT_VERSION) => Ok(()),
        Some(v) => {
            let mut shown = v.to_string();
            if shown.chars().count() > 40 {
                shown = format!("{}…", shown.chars().take(40).collect::<String>());
            }
            Err(ScenarioError::UnknownVersion(shown))
        }
    }
}

/// Deserialises, naming the field that is wrong ("at actions[3].deliver: …").
pub(crate) fn shaped<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, ScenarioError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        if path == "." || path.is_empty() {
            ScenarioError::Shape(inner)
        } else {
            ScenarioError::Shape(format!("at {path}: {inner}"))
        }
    })
}

fn check_title(title: &str) -> Result<(), ScenarioError> {
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(ScenarioError::Title(format!(
            "at most {MAX_TITLE_CHARS} characters"
        )));
    }
    if title.chars().any(char::is_control) {
        return Err(ScenarioError::Title("contains control characters".into()));
    }
    Ok(())
}

/// At most 40 characters of something a user wrote, escaped, for an error message.
pub(crate) fn shorten(text: &str) -> String {
    let mut shown: String = text.chars().take(40).collect();
    if shown.len() < text.len() {
        shown.push('…');
    }
    shown.escape_debug().to_string()
}
