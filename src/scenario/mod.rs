//! Scenarios: a config plus a list of actions, as a versioned JSON file; the presets that replay the
//! lecture's slides; share links and saved work; and validation of anything a user imports (bad input
//! is a value, never a panic).

pub mod document;
pub mod file;
pub mod link;
pub mod presets;
pub mod summary;
pub mod workspace;

pub use document::{Document, Protocol};
pub use file::{
    parse_corfu, protocol_of, Scenario, ScenarioError, ScenarioFile, FORMAT_VERSION, MAX_ACTIONS,
    MAX_BYTES,
};
pub use link::{
    parse_fragment, scenario_fragment, tour_fragment, Fragment, LinkError, LINK_FORMAT,
    MAX_PAYLOAD_CHARS,
};
pub use presets::{preset, presets, Preset};
pub use summary::{summarise, summarise_with, Summary, SynodFacts};
pub use workspace::{Workspace, STORAGE_KEY};
