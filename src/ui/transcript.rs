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

/// Runs `f` at the start of the next frame, before that frame's style and layout: reading a layout value
/// there costs no layout of its own (the frame lays out once, and a write after it is a scroll). Reading
/// it right after a render would lay out the half-updated page, to be laid out again once the other
/// panels have rendered.
fn before_next_frame(f: impl FnOnce() + 'static) {
    let Some(w) = web_sys::window() else { return };
    let f = wasm_bindgen::closure::Closure::once_into_js(f);
    let _ = w.request_animation_frame(f.unchecked_ref());
}

#[function_component(Transcript)]
pub fn transcript(props: &Props) -> Html {
    let list = use_node_ref();
    // A scroll is waiting for its frame (several steps in one frame scroll once).
    let scroll_due = use_mut_ref(|| false);
    {
        // Keep the current line in view (also when presenting changes how many lines there are).
        let list = list.clone();
        use_effect_with((props.cursor, props.lines.len()), move |_| {
            if !scroll_due.replace(true) {
                before_next_frame(move || {
                    *scroll_due.borrow_mut() = false;
                    if let Some(el) = list.cast::<web_sys::Element>() {
                        el.set_scroll_top(el.scroll_height());
                    }
                });
            }
        });
    }
    let onclick = jump_on_click(props.on_jump.clone());
    let start = props
        .lines
        .first()
        .map_or(props.cursor, |(step, _)| step - 1);
    // One fully keyed list (the "earlier" line too), so a step adds and removes only the lines that
    // came and went: a child without a key would make Yew match the lines by position and redraw all.
    let earlier = (start > 0).then(|| {
        html! {
            <li key="earlier" class="line earlier">{ format!("… {start} earlier steps (Back or the timeline reaches them)") }</li>
        }
    });
    let lines = props.lines.iter().flat_map(|(step, lines)| {
        let step = *step;
        let current = step == props.cursor;
        lines.iter().enumerate().map(move |(j, line)| {
            let class = classes!("line", line.class, current.then_some("current"));
            html! {
                <li key={format!("{step}.{j}")} class={class} data-step={step.to_string()}
                    title={format!("Go to step {step}")} aria-current={current.then_some("step")}>
                    <span class="step-no">{ step }</span>{ " " }
                    <span class="words">{ line.text.clone() }</span>
                </li>
            }
        })
    });
    html! {
        <section class="panel transcript-panel">
            <h2>{ "Transcript" }</h2>
            // The log (announced as lines arrive) scrolls, and takes the focus to scroll by keyboard; the
            // lines inside it are a list.
            <div class="transcript" role="log" aria-label="Transcript" tabindex="0" ref={list} {onclick}>
            <ol class="lines">
                { for earlier.into_iter().chain(lines) }
            </ol>
            </div>
            if props.cursor == 0 {
                <p class="hint">{ props.empty.clone() }</p>
            }
        </section>
    }
}
