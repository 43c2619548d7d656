//! Scenarios: a config plus a list of actions, as a versioned JSON file; the presets that replay the
//! lecture's slides; and validation of anything a user imports (bad input is a value, never a panic).

pub mod file;
pub mod presets;
pub mod summary;

pub use file::{
    parse_corfu, protocol_of, Scenario, ScenarioError, FORMAT_VERSION, MAX_ACTIONS, MAX_BYTES,
};
pub use presets::{preset, presets, Preset};
pub use summary::{summarise, Summary};
