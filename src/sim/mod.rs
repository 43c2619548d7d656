//! The simulated world's machinery, shared by every protocol: nothing here knows Paxos or CORFU.
//!
//! The network model is Lamport's (*The Part-Time Parliament*, §1.1): messengers are never garbled, but
//! may take arbitrarily long, be delivered twice, or never arrive. Time is a logical clock.

pub mod check;
pub mod diagram;
pub mod digest;
pub mod explore;
pub mod ghost;
pub mod history;
#[macro_use]
mod macros;
pub mod network;
pub mod node_name;
pub mod prefetch;
pub mod protocol;
pub mod rng;
pub mod seen;
pub mod words;
pub mod world;

pub use digest::Digest;
pub use history::{Acted, History, Simulation};
pub use network::{LossCause, Messenger, MessengerId, NetEvent, Network};
pub use protocol::{FaultError, Named, Out, Property, Protocol, Travel, Verb, MAX_DELAY};
pub use rng::SeededRng;
pub use words::Line;
pub use world::{Step, StepOf, Violation, World};
