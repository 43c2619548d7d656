//! The Yew app (wasm only). Renders core state and turns clicks and keys into core actions; no protocol
//! rule lives here.

mod app;
mod chamber;
mod controls;
mod corfu_tab;
mod diagram;
mod inspector;
mod keys;
mod layout;
mod liveness;
mod safety;
mod session;
mod setup;
mod transcript;

pub use app::App;
