//! The caption bar of a guided tour: where we are, what to notice, and the way out (the run stays on
//! screen to keep playing from).

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub number: usize,
    pub title: AttrValue,
    /// 0-based.
    pub index: usize,
    pub count: usize,
    pub caption: AttrValue,
    pub on_go: Callback<usize>,
    pub on_leave: Callback<()>,
}

#[function_component(TourBar)]
pub fn tour_bar(props: &Props) -> Html {
    let go = |to: usize| {
        let cb = props.on_go.clone();
        Callback::from(move |_| cb.emit(to))
    };
    let leave = {
        let cb = props.on_leave.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let last = props.index + 1 >= props.count;
    html! {
        <section class="tour-bar" aria-label="Guided tour">
            <div class="tour-head">
                <h2>{ format!("Tour {} · {}", props.number, props.title) }</h2>
                <span class="tour-pos" id="tour-pos">{ format!("{} of {}", props.index + 1, props.count) }</span>
                <div class="tour-nav">
                    <button id="tour-back" disabled={props.index == 0} onclick={go(props.index.saturating_sub(1))}>{ "◀ Back" }</button>
                    <button id="tour-next" class="primary" disabled={last} onclick={go(props.index + 1)}>{ "Next ▶" }</button>
                    <button id="tour-leave" onclick={leave} title="Close the tour; the run stays here to keep playing">
                        { if last { "End tour, keep playing" } else { "Leave tour, keep playing" } }
                    </button>
                </div>
            </div>
            <p class="caption" id="tour-caption" aria-live="polite">{ props.caption.clone() }</p>
        </section>
    }
}
