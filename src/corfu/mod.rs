//! CORFU: a shared log over flash (Balakrishnan et al., *CORFU: A Shared Log Design for Flash Clusters*,
//! NSDI 2012), with chain replication (van Renesse and Schneider, OSDI 2004).
//!
//! - An **append** takes a position (a **token**) from the sequencer, then writes it down the position's
//!   replica chain, head first; it is acknowledged when the tail has it (§3, §4.1). The sequencer's state
//!   is soft: it can be rebuilt from the storage units (§4.3).
//! - **Storage units** are write-once: a page is unwritten, then data or junk, then only trimmed; a second
//!   write gets "overwritten", a read of an unwritten page gets "unwritten", a request from an older
//!   **epoch** gets "sealed" (§3.1).
//! - The **projection** of an epoch maps positions to chains; positions alternate between chains.
//! - A writer that dies after taking a token leaves a **hole**; a reader that finds it unwritten waits,
//!   then **fills** it: it completes the chain with the head's data, or writes **junk** (§3.4). Only a
//!   position below the log's tail (the sequencer's next position) can be a hole: a reader past the
//!   tail says nobody has been given it and fills nothing.
//! - **Seal** and reconfigure: the units of the current epoch are sealed (they answer with their highest
//!   written position), the next projection is installed (for example replacing a crashed unit), and the
//!   sequencer's tail is rebuilt from the answers (§4). A trimmed position counts as written in a seal's
//!   answer, so the rebuilt sequencer starts past it. Each epoch's projection is written once: of two
//!   rival reconfigurations, the second finds its epoch installed and gives up. A writer refused as
//!   "sealed" fetches the new projection and finishes the *same* position in the new epoch, from the
//!   head, so one append is never at two positions.
//! - Every client request carries a fresh number that its answer echoes: a client takes a reply only as
//!   the answer to its latest request, never a late or duplicated answer to an earlier one.
//! - **Trim** a prefix of the log, up to its tail (§3.3). A writer whose position was trimmed under it
//!   takes a new position.
//!
//! Broken variants ([`config::Variant`], the break-it lab) remove one rule each: `overwrite` (a unit
//! that is not write-once, [`unit`]) and `eager_fill` (a reader that fills a hole without waiting for
//! its writer, [`client`]). [`check`] puts CORFU in the exhaustive checker's scope.

pub mod action;
pub mod check;
pub mod client;
pub mod config;
pub mod diagram;
pub mod event;
pub mod explore;
pub mod invariants;
pub mod log;
pub mod message;
pub mod node;
pub mod presets;
pub mod projection;
pub mod sequencer;
pub mod transcript;
pub mod unit;
pub mod world;

pub use action::{Action, ActionError};
pub use config::{Config, Variant};
pub use event::Event;
pub use message::{Msg, Page, UnitError};
pub use node::NodeId;
pub use world::{Corfu, Step, World};
