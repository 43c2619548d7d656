//! Multi-Paxos as state machine replication, after van Renesse and Altinbuken, *Paxos Made Moderately
//! Complex* (PMMC, ACM Computing Surveys 2015), told as a parliament that decides a week of lunches.
//!
//! Each **slot** is a day (slot 1 is Monday). **Clients** send orders to every **replica** (a
//! canteen), which proposes them for slots inside its window (§3.1, [`replica`]); **leaders** run a
//! **scout** for phase 1 of their ballot and a **commander** per slot for phase 2 (§3.2, [`leader`],
//! [`scout`], [`commander`]); **acceptors** keep their ballot and the pvalues they accepted (§3.3,
//! [`acceptor`]). A decided slot is served by every canteen strictly in slot order, each order once.
//! Liveness (§3 and §4.1): leaders act by hand by default; in auto mode they retry on their own, with
//! a growing backoff that ends dueling.
//!
//! Broken variants ([`config::Variant`], the break-it lab) remove one rule each: `out_of_order` (a
//! canteen serves a day before the days before it, [`replica`]) and `old_ballot` (an acceptor accepts
//! a p2a below its ballot, [`acceptor`]). [`check`] puts Multi-Paxos in the exhaustive checker's
//! scope.

pub mod acceptor;
pub mod action;
pub mod check;
pub mod client;
pub mod commander;
pub mod config;
pub mod diagram;
pub mod event;
pub mod explore;
pub mod invariants;
pub mod leader;
pub mod message;
pub mod node;
pub mod presets;
pub mod replica;
pub mod scout;
pub mod transcript;
pub mod week;
pub mod world;

pub use action::{Action, ActionError};
pub use config::{Config, Timing, Variant};
pub use event::Event;
pub use invariants::Invariant;
pub use message::{day, Ballot, Msg, Order, PValue, Slot};
pub use node::NodeId;
pub use week::{facts, metrics, week, Facts, Metrics};
pub use world::{MultiPaxos, Step, World};
