//! Choosing what to play: a preset, or a fresh chamber with its own size, latency and seed.

use lunch_parliament::scenario::presets;
use lunch_parliament::synod::config::{Form, ACCEPTORS, LEADERS, MAX_LATENCY};
use lunch_parliament::synod::{Config, QuorumRule};
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

/// A number field of the New-chamber form: what is typed is kept as typed (checked on Open).
fn number(label: &str, value: &str, min: u64, max: u64, apply: impl Fn(String) + 'static) -> Html {
    let oninput = Callback::from(move |e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        apply(input.value());
    });
    html! {
        <label class="num">{ label.to_string() }
            <input type="number" min={min.to_string()} max={max.to_string()} value={value.to_string()} {oninput} />
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
    // The form as typed; it follows the draft when the draft changes (New seed).
    let form = use_state(|| Form::of(&props.draft));
    let refusal = use_state(|| None::<String>);
    {
        let (form, refusal) = (form.clone(), refusal.clone());
        use_effect_with(props.draft.clone(), move |d| {
            form.set(Form::of(d));
            refusal.set(None);
        });
    }
    let field = |f: fn(&mut Form, String)| {
        let (form, refusal) = (form.clone(), refusal.clone());
        move |v: String| {
            let mut x = (*form).clone();
            f(&mut x, v);
            form.set(x);
            refusal.set(None);
        }
    };
    let on_rule = {
        let (form, refusal) = (form.clone(), refusal.clone());
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let mut x = (*form).clone();
            if let Some(r) = QuorumRule::ALL.into_iter().find(|r| r.name() == s.value()) {
                x.quorum_rule = r;
            }
            form.set(x);
            refusal.set(None);
        })
    };
    let on_open = {
        let (form, refusal) = (form.clone(), refusal.clone());
        let (on_draft, on_fresh) = (props.on_draft.clone(), props.on_fresh.clone());
        Callback::from(move |_| match form.config() {
            Ok(c) => {
                refusal.set(None);
                on_draft.emit(c);
                on_fresh.emit(());
            }
            Err(why) => refusal.set(Some(format!("Not opened: {why}."))),
        })
    };
    let f = (*form).clone();
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
                    { number("Acceptors", &f.acceptors, *ACCEPTORS.start() as u64, *ACCEPTORS.end() as u64,
                        field(|x, v| x.acceptors = v)) }
                    { number("Leaders", &f.leaders, *LEADERS.start() as u64, *LEADERS.end() as u64,
                        field(|x, v| x.leaders = v)) }
                    { number("Latency min", &f.latency_min, 1, MAX_LATENCY, field(|x, v| x.latency_min = v)) }
                    { number("Latency max", &f.latency_max, 1, MAX_LATENCY, field(|x, v| x.latency_max = v)) }
                    { number("Seed", &f.seed, 0, u64::MAX, field(|x, v| x.seed = v)) }
                    <label class="num">{ "Leader waits for" }
                        <select id="quorum-rule" onchange={on_rule}>
                            { for QuorumRule::ALL.into_iter().map(|r| html! {
                                <option value={r.name()} selected={f.quorum_rule == r}>{ r.describe() }</option>
                            }) }
                        </select>
                    </label>
                    <button id="new-seed" onclick={emit(&props.on_new_seed)}>{ "New seed" }</button>
                    <button id="fresh" class="primary" onclick={on_open}>{ "Open this chamber" }</button>
                    if let Some(why) = &*refusal {
                        <p class="error" role="alert">{ why.clone() }</p>
                    }
                </div>
            </details>
        </div>
    }
}
