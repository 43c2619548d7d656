//! The Yew app (wasm only). Renders core state and turns clicks and keys into core actions; no protocol
//! rule lives here.

mod app;
mod browser;
mod chamber;
mod controls;
mod corfu_tab;
mod diagram;
mod help;
mod inspector;
mod keeper;
mod keeping;
mod keys;
mod lab;
mod layout;
mod liveness;
mod multipaxos_tab;
mod page;
mod player;
mod safety;
mod session;
mod setup;
mod synod_tab;
mod tab;
mod tour_bar;
mod transcript;

pub use app::App;
