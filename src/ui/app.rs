//! The first page: pick a preset, step it forward and back, read the transcript and every node's state.

use super::chamber_text::ChamberText;
use super::safety::SafetyPanel;
use super::transcript::Transcript;
use lunch_parliament::scenario::{presets, Preset};
use lunch_parliament::sim::History;
use lunch_parliament::synod::{Action, World};
use yew::prelude::*;

pub enum Msg {
    Choose(usize),
    Step,
    Back,
    Jump(usize),
}

pub struct App {
    preset: usize,
    history: Option<History<World>>,
    error: Option<String>,
    notice: Option<String>,
}

fn load(p: &Preset) -> Result<History<World>, String> {
    let scenario = p.scenario()?;
    scenario.replay().map_err(|e| e.to_string())
}

impl App {
    fn open(&mut self, index: usize) {
        let Some(p) = presets().get(index) else {
            return;
        };
        match load(p) {
            Ok(h) => {
                self.preset = index;
                self.history = Some(h);
                self.error = None;
            }
            // The page keeps what it showed and says what went wrong.
            Err(e) => self.error = Some(format!("Could not open “{}”: {e}", p.name)),
        }
        self.notice = None;
    }

    fn can_step(&self) -> bool {
        self.history
            .as_ref()
            .is_some_and(|h| h.cursor() < h.len() || h.current().check(&Action::Tick).is_ok())
    }
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(_ctx: &Context<Self>) -> Self {
        let mut app = App {
            preset: 0,
            history: None,
            error: None,
            notice: None,
        };
        // Open "Round 10" first: the slide everyone knows.
        let first = presets()
            .iter()
            .position(|p| p.id == "round-10")
            .unwrap_or(0);
        app.open(first);
        app
    }

    fn update(&mut self, _ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Choose(i) => self.open(i),
            Msg::Step => {
                let Some(h) = self.history.as_mut() else {
                    return false;
                };
                if h.cursor() < h.len() {
                    h.forward();
                } else if let Err(e) = h.act(Action::Tick) {
                    self.notice = Some(e.to_string());
                }
            }
            Msg::Back => {
                if let Some(h) = self.history.as_mut() {
                    h.back(1);
                }
                self.notice = None;
            }
            Msg::Jump(step) => {
                if let Some(h) = self.history.as_mut() {
                    h.seek(step);
                }
            }
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let on_choose = link.callback(|e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            Msg::Choose(select.value().parse().unwrap_or(0))
        });
        let preset = presets().get(self.preset);
        let summary = preset.map(|p| p.summary).unwrap_or_default();
        let (cursor, len, hash) = self
            .history
            .as_ref()
            .map(|h| (h.cursor(), h.len(), h.digest().hex()))
            .unwrap_or_default();
        let on_jump = link.callback(Msg::Jump);
        html! {
            <div class="page">
                <header class="masthead">
                    <svg class="logo" viewBox="0 0 64 64" aria-hidden="true">
                        <circle cx="32" cy="36" r="26" fill="#E69F00" />
                        <circle cx="32" cy="36" r="17" fill="#fbf7f0" />
                        <path d="M21 36h22" stroke="#0072B2" stroke-width="5" stroke-linecap="round" />
                        <circle cx="32" cy="9" r="6" fill="#009E73" />
                    </svg>
                    <h1>{ "Lunch Parliament" }</h1>
                    <p class="tagline">{ "The single-decree synod, told as lunch." }</p>
                </header>
                <section class="controls" aria-label="Scenario controls">
                    <label class="preset-picker">
                        <span>{ "Preset" }</span>
                        <select id="preset" onchange={on_choose}>
                            { for presets().iter().enumerate().map(|(i, p)| html! {
                                <option value={i.to_string()} selected={i == self.preset}>{ p.name }</option>
                            }) }
                        </select>
                    </label>
                    <p class="summary">{ summary }</p>
                    <div class="stepper">
                        <button id="back" onclick={link.callback(|_| Msg::Back)} disabled={cursor == 0}>
                            { "◀ Back" }
                        </button>
                        <span class="position" aria-live="polite">{ format!("Step {cursor} of {len}") }</span>
                        <button id="step" onclick={link.callback(|_| Msg::Step)} disabled={!self.can_step()}>
                            { "Step ▶" }
                        </button>
                    </div>
                    if let Some(e) = &self.error {
                        <p class="error" role="alert">{ e }</p>
                    }
                    if let Some(n) = &self.notice {
                        <p class="notice" role="status">{ n }</p>
                    }
                </section>
                if let Some(h) = &self.history {
                    <main class="board">
                        <ChamberText world={h.current().clone()} />
                        <SafetyPanel world={h.current().clone()} />
                        <Transcript history_lines={super::transcript::lines_by_step(h)} cursor={cursor} on_jump={on_jump} />
                    </main>
                }
                <footer class="footer">
                    <span>{ format!("Seed {}", self.history.as_ref().map(|h| h.initial().config.seed).unwrap_or(0)) }</span>
                    <span>{ "Trace hash " }<code id="trace-hash">{ hash }</code></span>
                </footer>
            </div>
        }
    }
}
