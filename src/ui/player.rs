//! Stepping and autoplay of a protocol tab's run, written once: step (the next recorded step, else the
//! next due event), back, seek, undo/redo of a replaced future, play/pause, speed and the ticker. A tab
//! keeps a [`Player`] beside its [`Session`] and hands it these messages; what a step could not do is
//! returned as a notice.

use super::controls::{ticker, Ticker, SPEEDS};
use super::session::Session;
use lunch_parliament::sim::Protocol;
use serde::de::DeserializeOwned;
use serde::Serialize;
use yew::Callback;

/// What the player is asked to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Play {
    Step,
    Back,
    Seek(usize),
    /// Undo (or redo) the replacement of a recorded future.
    Branch,
    /// Play, or pause if playing.
    Toggle,
    Speed(usize),
    /// The ticker: one step while playing.
    Tick,
}

pub struct Player {
    pub playing: bool,
    pub speed: usize,
    ticker: Option<Ticker>,
}

impl Default for Player {
    fn default() -> Player {
        Player {
            playing: false,
            speed: 1,
            ticker: None,
        }
    }
}

impl Player {
    pub fn stop(&mut self) {
        self.playing = false;
        self.ticker = None;
    }

    /// Does `play` on `session`; `tick` is how the ticker reaches the tab. `Err` is a notice for the
    /// user (e.g. nothing is due), and playing stops.
    pub fn handle<P: Protocol>(
        &mut self,
        session: &mut Session<P>,
        play: Play,
        tick: impl Fn() -> Callback<()>,
    ) -> Result<(), String>
    where
        P::Config: Serialize + DeserializeOwned,
        P::Action: Serialize + DeserializeOwned,
    {
        match play {
            Play::Step => return self.step(session),
            Play::Back => {
                self.stop();
                session.back();
            }
            Play::Seek(s) => session.seek(s),
            Play::Branch => {
                self.stop();
                session.take_offer();
            }
            Play::Toggle => {
                if self.playing {
                    self.stop();
                } else if session.can_step() {
                    self.playing = true;
                    self.ticker = Some(ticker(self.speed, tick()));
                }
            }
            Play::Speed(i) => {
                self.speed = i.min(SPEEDS.len() - 1);
                if self.playing {
                    self.ticker = Some(ticker(self.speed, tick()));
                }
            }
            Play::Tick => {
                if self.playing {
                    if session.can_step() {
                        return self.step(session);
                    }
                    self.stop();
                }
            }
        }
        Ok(())
    }

    fn step<P: Protocol>(&mut self, session: &mut Session<P>) -> Result<(), String>
    where
        P::Config: Serialize + DeserializeOwned,
        P::Action: Serialize + DeserializeOwned,
    {
        session.step().inspect_err(|_| self.stop())
    }
}
