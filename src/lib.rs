//! Lunch Parliament's core: the simulated world and the protocols it teaches.
//!
//! Plain Rust with no I/O, no clock and no web types: the browser app (`src/main.rs`, `src/ui/`) and the
//! command-line tool (`src/bin/parliament.rs`) call the same functions, so a scenario replays to the same
//! trace, byte for byte, natively and in WebAssembly.
//!
//! - [`sim`]: the kit, written once for every protocol: the [`sim::Protocol`] trait a protocol
//!   implements, the generic [`sim::World`] with the fault verbs and the property check, messengers in
//!   flight, the seeded RNG, random exploration, the history with checkpoints (time travel is replay),
//!   and the trace digest.
//! - [`synod`]: Lamport's single-decree synod told as lunch.
//! - [`corfu`]: the CORFU shared log (Balakrishnan et al., NSDI 2012): sequencer, write-once storage
//!   units in replica chains, holes filled with junk, seal and reconfigure.
//! - [`multipaxos`]: Multi-Paxos (Paxos Made Moderately Complex): a week of lunches decided slot by slot.
//! - [`scenario`]: scenario files and presets of any protocol, validation of anything a user imports,
//!   summaries.
//! - [`tour`]: guided tours, each step a caption and a position in a scenario.

pub mod corfu;
pub mod multipaxos;
pub mod scenario;
pub mod sim;
pub mod synod;
pub mod tour;
