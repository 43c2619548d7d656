//! Choosing what to play: a preset, or a fresh chamber with its own size, latency and seed.

use lunch_parliament::scenario::presets;
use lunch_parliament::synod::config::{ACCEPTORS, LEADERS, MAX_LATENCY};
use lunch_parliament::synod::Config;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Index of the open preset, if a preset is open.
    pub preset: Option<usize>,
    /// The settings a fresh chamber will get.
    pub draft: Config,
    pub on_preset: Callback<usize>,
    pub on_draft: Callback<Config>,
    pub on_fresh: Callback<()>,
    pub on_new_seed: Callback<()>,
    pub on_reset: Callback<()>,
}

fn number(label: &str, value: u64, min: u64, max: u64, apply: impl Fn(u64) + 'static) -> Html {
    let oninput = Callback::from(move |e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        if let Ok(v) = input.value().trim().parse::<u64>() {
            if (min..=max).contains(&v) {
                apply(v);
            }
        }
    });
    html! {
        <label class="num">{ label.to_string() }
            <input type="number" min={min.to_string()} max={max.to_string()} value={value.to_string()} {oninput} aria-label={label.to_string()} />
        </label>
    }
}

#[function_component(Setup)]
pub fn setup(props: &Props) -> Html {
    let on_preset = {
        let cb = props.on_preset.clone();
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(i) = s.value().parse::<usize>() {
                cb.emit(i);
            }
        })
    };
    let d = props.draft.clone();
    let field = |f: fn(&mut Config, u64)| {
        let (cb, d) = (props.on_draft.clone(), d.clone());
        move |v: u64| {
            let mut c = d.clone();
            f(&mut c, v);
            cb.emit(c);
        }
    };
    let emit = |cb: &Callback<()>| {
        let cb = cb.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let summary = props
        .preset
        .and_then(|i| presets().get(i))
        .map(|p| p.summary);
    html! {
        <div class="setup">
            <label class="preset-picker">
                <span>{ "Preset" }</span>
                <select id="preset" aria-label="Preset" onchange={on_preset}>
                    <option value="free" selected={props.preset.is_none()} disabled=true>{ "— free play —" }</option>
                    { for presets().iter().enumerate().map(|(i, p)| html! {
                        <option value={i.to_string()} selected={props.preset == Some(i)}>{ p.name }</option>
                    }) }
                </select>
            </label>
            <button id="reset" onclick={emit(&props.on_reset)} title="Back to the start of this scenario">{ "⟲ Reset" }</button>
            if let Some(s) = summary {
                <p class="summary">{ s }</p>
            }
            <details class="fresh">
                <summary>{ "New chamber…" }</summary>
                <div class="fresh-fields">
                    { number("Acceptors", d.acceptors as u64, *ACCEPTORS.start() as u64, *ACCEPTORS.end() as u64,
                        field(|c, v| c.acceptors = v as usize)) }
                    { number("Leaders", d.leaders.len() as u64, *LEADERS.start() as u64, *LEADERS.end() as u64,
                        field(|c, v| {
                            let dishes = ["Thai", "Taco", "Pizza"];
                            c.leaders = dishes[..(v as usize).clamp(1, 3)].iter().map(|s| s.to_string()).collect();
                        })) }
                    { number("Latency min", d.latency.min, 1, MAX_LATENCY, field(|c, v| { c.latency.min = v; c.latency.max = c.latency.max.max(v); })) }
                    { number("Latency max", d.latency.max, 1, MAX_LATENCY, field(|c, v| { c.latency.max = v; c.latency.min = c.latency.min.min(v); })) }
                    { number("Seed", d.seed, 0, u64::MAX, field(|c, v| c.seed = v)) }
                    <button id="new-seed" onclick={emit(&props.on_new_seed)}>{ "New seed" }</button>
                    <button id="fresh" class="primary" onclick={emit(&props.on_fresh)}>{ "Open this chamber" }</button>
                </div>
            </details>
        </div>
    }
}
