//! The `?` overlay: every shortcut, readable from the back row. Esc or the button closes it.

use super::keys::SHORTCUTS;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_close: Callback<()>,
}

#[function_component(Help)]
pub fn help(props: &Props) -> Html {
    // The dialog takes the focus, so Enter or Space closes it and screen readers land in it.
    let button = use_node_ref();
    {
        let button = button.clone();
        use_effect_with((), move |_| {
            if let Some(b) = button.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
        });
    }
    let close = {
        let cb = props.on_close.clone();
        Callback::from(move |_| cb.emit(()))
    };
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="help-title">
            <div class="overlay-box">
                <h2 id="help-title">{ "Keyboard and clicker" }</h2>
                <dl class="shortcuts">
                    { for SHORTCUTS.iter().map(|(keys, what)| html! {
                        <>
                            <dt>{ for keys.split("  ").map(|k| html! { <kbd>{ k }</kbd> }) }</dt>
                            <dd>{ *what }</dd>
                        </>
                    }) }
                </dl>
                <p class="hint">{ "No shortcut fires while you type in a field." }</p>
                <button id="help-close" class="primary" ref={button} onclick={close}>{ "Close (Esc)" }</button>
            </div>
        </div>
    }
}
