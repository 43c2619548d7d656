//! The simulated world's machinery, shared by every protocol: nothing here knows Paxos or CORFU.
//!
//! The network model is Lamport's (*The Part-Time Parliament*, §1.1): messengers are never garbled, but
//! may take arbitrarily long, be delivered twice, or never arrive. Time is a logical clock.

pub mod diagram;
pub mod digest;
pub mod history;
pub mod network;
pub mod node_name;
pub mod rng;

pub use digest::Digest;
pub use history::{Acted, History, Simulation};
pub use network::{LossCause, Messenger, MessengerId, NetEvent, Network};
pub use rng::SeededRng;
