//! The transcript: the lecture-language lines up to the current step, the current step highlighted;
//! clicking a line jumps to that step.

use lunch_parliament::scenario::summary::transcript_by_step;
use lunch_parliament::sim::History;
use lunch_parliament::synod::transcript::Line;
use lunch_parliament::synod::{NodeId, World};
use yew::prelude::*;

pub fn lines_by_step(h: &History<World>) -> Vec<Vec<Line>> {
    transcript_by_step(h)
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub history_lines: Vec<Vec<Line>>,
    pub cursor: usize,
    pub on_jump: Callback<usize>,
}

fn speaker_class(line: &Line) -> &'static str {
    match line.speaker {
        Some(NodeId::Leader(_)) => "leader",
        Some(NodeId::Acceptor(_)) => "acceptor",
        None if line.text.starts_with("!!") => "broken",
        None => "narrator",
    }
}

#[function_component(Transcript)]
pub fn transcript(props: &Props) -> Html {
    let list = use_node_ref();
    {
        // Keep the current line in view.
        let list = list.clone();
        use_effect_with(props.cursor, move |_| {
            if let Some(el) = list.cast::<web_sys::Element>() {
                if let Ok(Some(cur)) = el.query_selector(".current") {
                    cur.scroll_into_view_with_bool(false);
                }
            }
        });
    }
    html! {
        <section class="panel transcript-panel">
            <h2>{ "Transcript" }</h2>
            <ol class="transcript" role="log" aria-label="Transcript" ref={list}>
                { for props.history_lines.iter().enumerate().flat_map(|(i, lines)| {
                    let step = i + 1;
                    let current = step == props.cursor;
                    lines.iter().map(move |line| (step, current, line.clone())).collect::<Vec<_>>()
                }).map(|(step, current, line)| {
                    let on_jump = props.on_jump.clone();
                    let class = classes!("line", speaker_class(&line), current.then_some("current"));
                    html! {
                        <li class={class} aria-current={current.then_some("step")}>
                            <button class="line-button" title={format!("Go to step {step}")}
                                onclick={Callback::from(move |_| on_jump.emit(step))}>
                                <span class="step-no">{ step }</span>
                                <span class="words">{ line.text.clone() }</span>
                            </button>
                        </li>
                    }
                }) }
            </ol>
            if props.history_lines.is_empty() {
                <p class="hint">{ "Nothing has happened yet. Press Step." }</p>
            }
        </section>
    }
}
