//! Stepping through time: Back, Step, Play/Pause with a speed, and a timeline scrubber over the whole
//! history. Keys: → Space PageDown step, ← PageUp back, P play/pause.

use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Autoplay speeds: label and milliseconds between steps.
pub const SPEEDS: [(&str, u32); 6] = [
    ("½×", 1600),
    ("1×", 800),
    ("2×", 400),
    ("4×", 200),
    ("8×", 100),
    ("max", 16),
];

#[derive(Properties, PartialEq)]
pub struct Props {
    pub cursor: usize,
    pub len: usize,
    pub can_step: bool,
    pub playing: bool,
    pub speed: usize,
    pub on_step: Callback<()>,
    pub on_back: Callback<()>,
    pub on_play: Callback<()>,
    pub on_speed: Callback<usize>,
    pub on_seek: Callback<usize>,
}

#[function_component(Controls)]
pub fn controls(props: &Props) -> Html {
    let emit = |cb: &Callback<()>| {
        let cb = cb.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let on_speed = {
        let cb = props.on_speed.clone();
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            cb.emit(s.value().parse().unwrap_or(1));
        })
    };
    let on_seek = {
        let cb = props.on_seek.clone();
        Callback::from(move |e: InputEvent| {
            let s: web_sys::HtmlInputElement = e.target_unchecked_into();
            cb.emit(s.value().parse().unwrap_or(0));
        })
    };
    html! {
        <div class="time-controls">
            <div class="stepper">
                <button id="back" onclick={emit(&props.on_back)} disabled={props.cursor == 0} title="Back (← or PageUp)">{ "◀ Back" }</button>
                <button id="play" class={classes!(props.playing.then_some("playing"))} onclick={emit(&props.on_play)}
                    disabled={!props.playing && !props.can_step} title="Play / pause (P)">
                    { if props.playing { "▮▮ Pause" } else { "▶ Play" } }
                </button>
                <button id="step" onclick={emit(&props.on_step)} disabled={!props.can_step} title="Step (→, Space or PageDown)">{ "Step ▶" }</button>
                <label class="speed">{ "Speed " }
                    <select onchange={on_speed} aria-label="Speed">
                        { for SPEEDS.iter().enumerate().map(|(i, (label, _))| html! {
                            <option value={i.to_string()} selected={i == props.speed}>{ *label }</option>
                        }) }
                    </select>
                </label>
                <span class="position" aria-live="polite">{ format!("Step {} of {}", props.cursor, props.len) }</span>
            </div>
            <input class="scrubber" type="range" min="0" max={props.len.to_string()} value={props.cursor.to_string()}
                oninput={on_seek} aria-label="Timeline" aria-valuetext={format!("Step {} of {}", props.cursor, props.len)} />
        </div>
    }
}

/// Autoplay's clock: `on_tick` once per interval of speed `speed` (an index into [`SPEEDS`]), until dropped.
///
/// Fast speeds (a step due every frame or so) are driven by animation frames: the steps due by the
/// clock are taken at the start of a frame, before its style and layout, so each step is drawn in the
/// frame it belongs to and a frame is painted once however many steps it holds; when a frame comes
/// late, the steps it owes are taken together (up to [`CATCH_UP`]), so autoplay keeps to the clock
/// instead of falling behind it. Slow speeds use a plain timer.
pub fn ticker(speed: usize, on_tick: Callback<()>) -> Ticker {
    let ms = SPEEDS.get(speed).map_or(800, |s| s.1);
    if ms >= FRAME_DRIVEN_BELOW {
        return Ticker::Timer {
            _interval: gloo_timers::callback::Interval::new(ms, move || on_tick.emit(())),
        };
    }
    let clock = Rc::new(FrameClock {
        interval: f64::from(ms),
        next_due: Cell::new(None),
        on_tick,
        running: Cell::new(true),
    });
    FrameClock::next_frame(clock.clone());
    Ticker::Frames(clock)
}

/// Speeds with at least this many ms between steps tick by a timer, faster ones by animation frames.
const FRAME_DRIVEN_BELOW: u32 = 100;

/// At most this many steps in one frame; a frame later than that (a hidden tab, a long pause) starts
/// the clock afresh rather than rushing through what it missed.
pub const CATCH_UP: u32 = 4;

/// A running autoplay clock; dropping it stops it.
pub enum Ticker {
    /// Kept only to be dropped (which clears the interval).
    Timer {
        _interval: gloo_timers::callback::Interval,
    },
    Frames(Rc<FrameClock>),
}

impl Drop for Ticker {
    fn drop(&mut self) {
        if let Ticker::Frames(clock) = self {
            // The frame already asked for finds the clock stopped and does not ask for another.
            clock.running.set(false);
        }
    }
}

pub struct FrameClock {
    interval: f64,
    /// When the next step is due (the first frame sets it one interval ahead).
    next_due: Cell<Option<f64>>,
    on_tick: Callback<()>,
    running: Cell<bool>,
}

impl FrameClock {
    fn next_frame(clock: Rc<FrameClock>) {
        let Some(w) = web_sys::window() else { return };
        let f = Closure::once_into_js(move |now: f64| clock.frame(now));
        let _ = w.request_animation_frame(f.unchecked_ref());
    }

    fn frame(self: Rc<Self>, now: f64) {
        if !self.running.get() {
            return;
        }
        let due_at = self.next_due.get().unwrap_or(now + self.interval);
        let mut steps = 0;
        if now >= due_at {
            // The steps the clock says are due by now (each frame is ≈ 16.7 ms, max speed asks a step
            // every 16 ms: mostly one, now and then two).
            let owed = ((now - due_at) / self.interval).floor() + 1.0;
            if owed > f64::from(CATCH_UP) {
                steps = 1;
                self.next_due.set(Some(now + self.interval));
            } else {
                steps = owed as u32;
                self.next_due.set(Some(due_at + owed * self.interval));
            }
        } else {
            self.next_due.set(Some(due_at));
        }
        // Asked before ticking: a tick that stops autoplay drops the ticker, and that frame then finds
        // the clock stopped.
        FrameClock::next_frame(self.clone());
        for _ in 0..steps {
            if !self.running.get() {
                break;
            }
            self.on_tick.emit(());
        }
    }
}
