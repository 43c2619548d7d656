//! Stepping through time: Back, Step, Play/Pause with a speed, and a timeline scrubber over the whole
//! history. Keys: → Space PageDown step, ← PageUp back, P play/pause.

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

/// Autoplay: `on_tick` every interval of speed `speed` (an index into [`SPEEDS`]) until dropped.
pub fn ticker(speed: usize, on_tick: Callback<()>) -> gloo_timers::callback::Interval {
    let ms = SPEEDS.get(speed).map_or(800, |s| s.1);
    gloo_timers::callback::Interval::new(ms, move || on_tick.emit(()))
}
