//! The Yew app (wasm only). Renders core state and turns clicks into core actions; no protocol rule
//! lives here.

mod app;
mod chamber_text;
mod safety;
mod transcript;

pub use app::App;
