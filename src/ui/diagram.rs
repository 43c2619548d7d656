//! The space-time diagram view, for every protocol's tab: the core draws the SVG (the kit's
//! `sim::diagram`, with the protocol's words; the same text that "Export" saves); clicking a row jumps
//! to that step.

use super::transcript::jump_on_click;
use lunch_parliament::corfu;
use lunch_parliament::synod::diagram;
use lunch_parliament::synod::{Step, World};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The diagram, drawn by the core.
    pub svg: AttrValue,
    pub on_jump: Callback<usize>,
}

/// The Synod run's diagram up to `cursor`.
pub fn svg(world: &World, steps: &[Step], cursor: usize) -> String {
    diagram::svg(world, steps, cursor)
}

/// The CORFU run's diagram up to `cursor`.
pub fn corfu_svg(world: &corfu::World, steps: &[corfu::Step], cursor: usize) -> String {
    corfu::diagram::svg(world, steps, cursor)
}

#[function_component(SpaceTime)]
pub fn space_time(props: &Props) -> Html {
    let onclick = jump_on_click(props.on_jump.clone());
    let wrap = use_node_ref();
    {
        // The current step's row in the middle of the view (a long run's current row is far down).
        let wrap = wrap.clone();
        use_effect_with(props.svg.clone(), move |_| {
            if let Some(el) = wrap.cast::<web_sys::Element>() {
                if let Ok(Some(row)) = el.query_selector(".row.current") {
                    let (w, r) = (
                        el.get_bounding_client_rect(),
                        row.get_bounding_client_rect(),
                    );
                    let top = f64::from(el.scroll_top()) + r.top()
                        - w.top()
                        - (w.height() - r.height()) / 2.0;
                    el.set_scroll_top(top.max(0.0) as i32);
                }
            }
        });
    }
    html! {
        // It scrolls, so it takes the focus: ↑ and ↓ scroll it (← and → stay the clicker's).
        <div class="spacetime-wrap" tabindex="0" role="region" aria-label="Space-time diagram" ref={wrap} {onclick}>
            { Html::from_html_unchecked(props.svg.clone()) }
        </div>
    }
}
