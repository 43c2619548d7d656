//! The caption bar of a guided tour: where we are, what to notice, and the way out (the run stays on
//! screen to keep playing from). The tours form one lecture: past a tour's last caption, Next goes on to
//! the next tour, and before its first, Back returns to the previous tour's last caption.

use lunch_parliament::tour::Goto;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub number: usize,
    pub title: AttrValue,
    /// 0-based.
    pub index: usize,
    pub count: usize,
    pub caption: AttrValue,
    /// Where Next and Back go (`None`: the end or the start of the lecture).
    pub forward: Option<Goto>,
    pub backward: Option<Goto>,
    pub on_move: Callback<Goto>,
    pub on_leave: Callback<()>,
    /// Controls of the page shown at the end of the tour's title line (while presenting: the tour
    /// menu and the way out of presenting), so they take no line of their own.
    #[prop_or_default]
    pub children: Html,
}

#[function_component(TourBar)]
pub fn tour_bar(props: &Props) -> Html {
    let go = |to: Option<Goto>| {
        let cb = props.on_move.clone();
        Callback::from(move |_| {
            if let Some(to) = to {
                cb.emit(to);
            }
        })
    };
    let leave = {
        let cb = props.on_leave.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let (next_label, next_title) = match props.forward {
        Some(Goto::Tour(n, _)) => ("Next tour ▶", format!("Tour {n}, first caption (→)")),
        Some(Goto::Step(_)) => ("Next ▶", "Next caption (→)".to_string()),
        None => ("Next ▶", "The last caption of the last tour".to_string()),
    };
    let (back_label, back_title) = match props.backward {
        Some(Goto::Tour(n, _)) => ("◀ Previous tour", format!("Tour {n}, last caption (←)")),
        Some(Goto::Step(_)) => ("◀ Back", "Previous caption (←)".to_string()),
        None => ("◀ Back", "The first caption of the first tour".to_string()),
    };
    let last = props.index + 1 >= props.count;
    html! {
        <section class="tour-bar" aria-label="Guided tour">
            <div class="tour-head">
                <h2>{ format!("Tour {} · {}", props.number, props.title) }</h2>
                <span class="tour-pos" id="tour-pos">{ format!("{} of {}", props.index + 1, props.count) }</span>
                <div class="tour-nav">
                    <button id="tour-back" disabled={props.backward.is_none()} title={back_title} onclick={go(props.backward)}>{ back_label }</button>
                    <button id="tour-next" class="primary" disabled={props.forward.is_none()} title={next_title} onclick={go(props.forward)}>{ next_label }</button>
                    <button id="tour-leave" onclick={leave} title="Close the tour; the run stays here to keep playing">
                        { if last { "End tour" } else { "Leave tour" } }<span class="long">{ ", keep playing" }</span>
                    </button>
                </div>
                { props.children.clone() }
            </div>
            // Scrolls (by keyboard too) rather than pushing the stage down when a caption is long.
            <p class="caption" id="tour-caption" aria-live="polite" tabindex="0">{ props.caption.clone() }</p>
        </section>
    }
}
