//! The space-time diagram view: the core draws the SVG (the same text that "Export" saves); clicking a
//! row jumps to that step.

use super::transcript::jump_on_click;
use lunch_parliament::synod::diagram;
use lunch_parliament::synod::{Step, World};
use wasm_bindgen::JsCast;
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

/// Saves `text` as a file through a temporary object URL.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let parts = js_sys_array(text);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "could not make the file")?;
    let url =
        web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "could not make a link")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "could not make a link")?
        .dyn_into()
        .map_err(|_| "could not make a link")?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

fn js_sys_array(text: &str) -> wasm_bindgen::JsValue {
    let array = js_sys::Array::new();
    array.push(&wasm_bindgen::JsValue::from_str(text));
    array.into()
}

#[function_component(SpaceTime)]
pub fn space_time(props: &Props) -> Html {
    let onclick = jump_on_click(props.on_jump.clone());
    html! {
        <div class="spacetime-wrap" {onclick}>
            { Html::from_html_unchecked(props.svg.clone()) }
        </div>
    }
}
