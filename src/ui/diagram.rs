//! The space-time diagram view: the core draws the SVG (the same text that "Export" saves); clicking a
//! row jumps to that step.

use super::transcript::jump_on_click;
use lunch_parliament::synod::diagram;
use lunch_parliament::synod::{Step, World};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The diagram, drawn by the core.
    pub svg: AttrValue,
    pub on_jump: Callback<usize>,
}

pub fn svg(world: &World, steps: &[Step], cursor: usize) -> String {
    let d = diagram::build(world.nodes(), steps);
    diagram::to_svg(&d, world.leaders.len(), cursor)
}

#[function_component(SpaceTime)]
pub fn space_time(props: &Props) -> Html {
    let onclick = jump_on_click(props.on_jump.clone());
    html! {
        // It scrolls, so it takes the focus: ↑ and ↓ scroll it (← and → stay the clicker's).
        <div class="spacetime-wrap" tabindex="0" role="region" aria-label="Space-time diagram" {onclick}>
            { Html::from_html_unchecked(props.svg.clone()) }
        </div>
    }
}
