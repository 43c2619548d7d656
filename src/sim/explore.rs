//! Random exploration, written once: a [`Choice`] of three numbers pins down one action (so property
//! tests can generate and shrink them), the kit picks the fault verbs from what is in flight, up or
//! crashed, and [`check`] runs random configs and random runs with every named property checked after
//! every step, stopping at the first violation with the history that reproduces it.
//!
//! A protocol supplies, through [`Explore`], a random config and how its own commands are chosen (and how
//! often faults come): that distribution is part of its story (ticks and deliveries dominate, so rounds
//! finish).

use super::history::History;
use super::network::MessengerId;
use super::protocol::{Named, Protocol, Verb};
use super::rng::SeededRng;
use super::world::World;

/// Three free choices that pin down one action: what kind, which target, and a detail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    pub kind: u32,
    pub target: u32,
    pub detail: u32,
}

impl Choice {
    pub fn random(rng: &mut SeededRng) -> Choice {
        let mut n = || u32::try_from(rng.between(0, u64::from(u32::MAX))).unwrap_or(0);
        Choice {
            kind: n(),
            target: n(),
            detail: n(),
        }
    }
}

/// The `i`-th item, wrapping around; `None` when there are none.
pub fn nth<T: Copy>(items: &[T], i: u32) -> Option<T> {
    if items.is_empty() {
        None
    } else {
        items.get(i as usize % items.len()).copied()
    }
}

/// What the fault verbs can act on now: messengers in flight, nodes up, nodes crashed.
pub struct Targets<P: Protocol> {
    pub flying: Vec<MessengerId>,
    pub up: Vec<P::Node>,
    pub crashed: Vec<P::Node>,
}

impl<P: Protocol> Targets<P> {
    pub fn of(w: &World<P>) -> Targets<P> {
        let (crashed, up) = w.nodes().into_iter().partition(|n| w.is_crashed(*n));
        Targets {
            flying: w.network.in_flight().iter().map(|m| m.id).collect(),
            up,
            crashed,
        }
    }

    fn act(verb: Verb<P::Node>) -> Option<P::Action> {
        P::fault(verb)
    }

    pub fn tick(&self) -> Option<P::Action> {
        Self::act(Verb::Tick)
    }

    pub fn deliver(&self, c: Choice) -> Option<P::Action> {
        nth(&self.flying, c.target).and_then(|id| Self::act(Verb::Deliver(id)))
    }

    pub fn drop(&self, c: Choice) -> Option<P::Action> {
        nth(&self.flying, c.target).and_then(|id| Self::act(Verb::Drop(id)))
    }

    pub fn duplicate(&self, c: Choice) -> Option<P::Action> {
        nth(&self.flying, c.target).and_then(|id| Self::act(Verb::Duplicate(id)))
    }

    /// Delays a messenger by 1..=`most`.
    pub fn delay(&self, c: Choice, most: u32) -> Option<P::Action> {
        let by = 1 + u64::from(c.detail % most.max(1));
        nth(&self.flying, c.target).and_then(|id| Self::act(Verb::Delay { id, by }))
    }

    pub fn crash(&self, c: Choice) -> Option<P::Action> {
        nth(&self.up, c.target).and_then(|n| Self::act(Verb::Crash(n)))
    }

    pub fn recover(&self, c: Choice) -> Option<P::Action> {
        nth(&self.crashed, c.target).and_then(|n| Self::act(Verb::Recover(n)))
    }
}

/// What a protocol adds to be explored at random.
pub trait Explore: Protocol {
    /// What the user asks of a check run (e.g. the synod's variant and auto mode).
    type Options: Clone;

    /// A random config for one run.
    fn random_config(rng: &mut SeededRng, options: &Self::Options) -> Self::Config;

    /// An action that applies in `w`, chosen by `c`; `None` only if nothing at all applies.
    fn choose(w: &World<Self>, c: Choice, options: &Self::Options) -> Option<Self::Action>;
}

/// A run of [`check`] that broke a property.
pub struct Found<P: Protocol> {
    pub seed: u64,
    /// "deliver #4 broke agreement: …".
    pub why: String,
    /// The run up to the step that broke it.
    pub history: History<World<P>>,
}

/// What [`check`] did.
pub struct Checked<P: Protocol> {
    pub runs: u64,
    pub steps: usize,
    pub found: Option<Found<P>>,
}

/// `seeds` random runs of up to `steps` actions each, every property checked after every step.
pub fn check<P: Explore>(
    seeds: u64,
    steps: usize,
    options: &P::Options,
) -> Result<Checked<P>, String> {
    let mut total = 0;
    for seed in 0..seeds {
        let mut rng = SeededRng::new(seed);
        let config = P::random_config(&mut rng, options);
        let world = P::start(&config).map_err(|e| format!("seed {seed}: bad config: {e}"))?;
        let mut h = History::new(world);
        for _ in 0..steps {
            let Some(action) = P::choose(h.current(), Choice::random(&mut rng), options) else {
                break;
            };
            let shown = action.to_string();
            h.act(action)
                .map_err(|e| format!("seed {seed}: chosen action {shown} failed: {e}"))?;
            total += 1;
            let broke = h.outcomes().last().and_then(|s| s.violations.first());
            if let Some(v) = broke {
                let why = format!("{shown} broke {}: {}", v.invariant.name(), v.why);
                return Ok(Checked {
                    runs: seed + 1,
                    steps: total,
                    found: Some(Found {
                        seed,
                        why,
                        history: h,
                    }),
                });
            }
        }
    }
    Ok(Checked {
        runs: seeds,
        steps: total,
        found: None,
    })
}

/// A random run of `steps` actions from `w`, driven by `rng`, each picked by `choose`.
pub fn random_actions<P: Protocol>(
    w: &World<P>,
    rng: &mut SeededRng,
    steps: usize,
    choose: impl Fn(&World<P>, Choice) -> Option<P::Action>,
) -> Vec<P::Action> {
    use super::history::Simulation;
    let mut w = w.clone();
    let mut out = Vec::with_capacity(steps);
    for _ in 0..steps {
        let Some(a) = choose(&w, Choice::random(rng)) else {
            break;
        };
        if w.apply(&a).is_err() {
            break;
        }
        out.push(a);
    }
    out
}
