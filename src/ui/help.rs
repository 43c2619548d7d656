//! The `?` overlay: every shortcut, readable from the back row. Esc or the button closes it.

use super::keys::SHORTCUTS;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_close: Callback<()>,
}

#[function_component(Help)]
pub fn help(props: &Props) -> Html {
    // The dialog takes the focus (so Enter or Space closes it and screen readers land in it), keeps it
    // while open (Tab stays on its one button), and gives it back to where it was when it closes.
    let button = use_node_ref();
    {
        let button = button.clone();
        use_effect_with((), move |_| {
            let before = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element())
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(b) = button.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
            move || {
                if let Some(e) = before {
                    let _ = e.focus();
                }
            }
        });
    }
    let trap = Callback::from(|e: KeyboardEvent| {
        if e.key() == "Tab" {
            e.prevent_default();
        }
    });
    let close = {
        let cb = props.on_close.clone();
        Callback::from(move |_| cb.emit(()))
    };
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="help-title" onkeydown={trap}>
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
                <p class="hint" id="help-lab">{ "Break it (beside the Synod tab's views): pick a rule of Paxos to remove and a scope, press Search to try every interleaving; Play it opens the shortest way to break it as a run, which → steps through and Copy link shares. Esc or V goes back to the view." }</p>
                <button id="help-close" class="primary" ref={button} onclick={close}>{ "Close (Esc)" }</button>
            </div>
        </div>
    }
}
