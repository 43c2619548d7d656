//! The single-decree synod (Lamport, *The Part-Time Parliament* §2; *Paxos Made Simple* §2), told as
//! lunch the way the lecture tells it.
//!
//! A round (ballot) has three phases:
//! - **prepare**: the round's leader polls a quorum it picks; an acceptor that has not promised a higher
//!   round promises, gives up all lower rounds, and reports what it last accepted ([`acceptor`]);
//! - **propose**: once the whole quorum promised (as on the slides), or any majority of it
//!   ([`QuorumRule::AnyMajority`], Paxos Made Simple §2.2), the leader proposes the value of the highest
//!   round reported, else its own preference ([`leader`]);
//! - **learn**: once as many accepted, the leader decides and tells every node, and each node that
//!   hears it decides. (The value is *chosen* as soon as a majority accepted, whether or not anyone
//!   counts: a ghost fact kept by the [`world`].)
//!
//! Round numbers are unique: the world refuses a taken one (a leader's own picks come from its residue
//! class, but a user may name any free round). Stable storage
//! (promise, accepted, decided) is kept apart from volatile state, so a crash keeps the ledger
//! (Part-Time Parliament §1.1) — except in the broken [`Variant::Amnesia`], which the invariants catch.

pub mod acceptor;
pub mod action;
pub mod check;
pub mod config;
pub mod diagram;
pub mod event;
pub mod explain;
pub mod explore;
pub mod invariants;
pub mod leader;
pub mod liveness;
pub mod message;
pub mod node;
pub mod pacing;
pub mod quorums;
mod reuse;
pub mod settled;
pub mod transcript;
pub mod world;

pub use action::{Action, ActionError};
pub use config::{Config, ConfigError, Latency, QuorumRule, Timing, Variant};
pub use event::Event;
pub use invariants::{Invariant, Progress, Report, Termination};
pub use liveness::Fix;
pub use message::{Msg, Round, Vote};
pub use node::NodeId;
pub use quorums::Quorums;
pub use settled::settled;
pub use world::{Step, Synod, World};
