//! The web app's entry point (Trunk builds this binary to wasm32). On native it only points elsewhere.

#[cfg(target_arch = "wasm32")]
mod ui;

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<ui::App>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "lunch-parliament is the web app: run `make serve`. The command-line tool is `parliament`."
    );
}
