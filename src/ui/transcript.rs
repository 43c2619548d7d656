//! The transcript: the lecture-language lines up to the current step, the current step highlighted;
//! clicking a line jumps to that step (the timeline does the same by keyboard). Only the last steps
//! before the cursor are drawn, so a long history stays fast.

use lunch_parliament::sim::Line;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// How many steps before the cursor are drawn.
pub const WINDOW: usize = 60;

/// Steps shown while presenting: the current one and what led to it.
pub const PRESENTING_WINDOW: usize = 6;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The lines of the last steps before the cursor, with their step numbers.
    pub lines: Rc<Vec<(usize, Vec<Said>)>>,
    pub cursor: usize,
    pub on_jump: Callback<usize>,
    /// What to do first, shown before anything has happened.
    #[prop_or(AttrValue::Static(
        "Nothing has happened yet. Press Step, or click a leader to start a round."
    ))]
    pub empty: AttrValue,
}

/// A line as the transcript shows it: its text and the class of who says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Said {
    pub class: &'static str,
    pub text: String,
}

/// Any protocol's lines, each classed by `role` of its speaker ("leader", "unit", …); the narrator's
/// and a broken invariant's lines have their own classes.
pub fn said<N: Copy>(
    steps: Vec<(usize, Vec<Line<N>>)>,
    role: impl Fn(N) -> &'static str,
) -> Rc<Vec<(usize, Vec<Said>)>> {
    let class = |l: &Line<N>| match l.speaker {
        Some(n) => role(n),
        None if l.text.starts_with("!!") => "broken",
        None => "narrator",
    };
    Rc::new(
        steps
            .into_iter()
            .map(|(step, lines)| {
                let said = lines
                    .into_iter()
                    .map(|l| Said {
                        class: class(&l),
                        text: l.text,
                    })
                    .collect();
                (step, said)
            })
            .collect(),
    )
}

/// One listener for a whole list or drawing: a click inside an element with `data-step` jumps there.
pub fn jump_on_click(on_jump: Callback<usize>) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        let step = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("[data-step]").ok().flatten())
            .and_then(|el| el.get_attribute("data-step"))
            .and_then(|s| s.parse::<usize>().ok());
        if let Some(step) = step {
            on_jump.emit(step);
        }
    })
}

#[function_component(Transcript)]
pub fn transcript(props: &Props) -> Html {
    let list = use_node_ref();
    {
        // Keep the current line in view (also when presenting changes how many lines there are).
        let list = list.clone();
        use_effect_with((props.cursor, props.lines.len()), move |_| {
            if let Some(el) = list.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    let onclick = jump_on_click(props.on_jump.clone());
    let start = props
        .lines
        .first()
        .map_or(props.cursor, |(step, _)| step - 1);
    html! {
        <section class="panel transcript-panel">
            <h2>{ "Transcript" }</h2>
            // The log (announced as lines arrive) scrolls, and takes the focus to scroll by keyboard; the
            // lines inside it are a list.
            <div class="transcript" role="log" aria-label="Transcript" tabindex="0" ref={list} {onclick}>
            <ol class="lines">
                if start > 0 {
                    <li key="earlier" class="line earlier">{ format!("… {start} earlier steps (Back or the timeline reaches them)") }</li>
                }
                { for props.lines.iter().flat_map(|(step, lines)| {
                    let step = *step;
                    let current = step == props.cursor;
                    lines.iter().enumerate().map(move |(j, line)| (step, j, current, line)).collect::<Vec<_>>()
                }).map(|(step, j, current, line)| {
                    let class = classes!("line", line.class, current.then_some("current"));
                    html! {
                        <li key={format!("{step}.{j}")} class={class} data-step={step.to_string()}
                            title={format!("Go to step {step}")} aria-current={current.then_some("step")}>
                            <span class="step-no">{ step }</span>{ " " }
                            <span class="words">{ line.text.clone() }</span>
                        </li>
                    }
                }) }
            </ol>
            </div>
            if props.cursor == 0 {
                <p class="hint">{ props.empty.clone() }</p>
            }
        </section>
    }
}
