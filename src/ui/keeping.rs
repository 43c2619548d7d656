//! Keeping and sharing work: the title, Copy link, Export and Import of scenario files (also by
//! dropping a file on the page), New, and the guided tours menu.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub title: AttrValue,
    /// The last link made by Copy link, shown so it can be copied by hand too.
    pub link: Option<AttrValue>,
    pub on_title: Callback<String>,
    pub on_copy: Callback<()>,
    pub on_export: Callback<()>,
    pub on_import: Callback<web_sys::File>,
    pub on_new: Callback<()>,
    pub on_tour: Callback<usize>,
    /// (number, title) of each tour.
    pub tours: Vec<(usize, &'static str)>,
}

#[function_component(Keeping)]
pub fn keeping(props: &Props) -> Html {
    let emit = |cb: &Callback<()>| {
        let cb = cb.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let on_title = {
        let cb = props.on_title.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            cb.emit(input.value());
        })
    };
    let on_file = {
        let cb = props.on_import.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                cb.emit(file);
            }
            // Choosing the same file again still reports a change.
            input.set_value("");
        })
    };
    let on_tour = {
        let cb = props.on_tour.clone();
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(n) = s.value().parse::<usize>() {
                cb.emit(n);
            }
            s.set_value("");
        })
    };
    html! {
        <div class="keeping" role="group" aria-label="Keep and share">
            <select id="tour-menu" aria-label="Guided tour" onchange={on_tour}>
                <option value="" selected=true>{ "Guided tours…" }</option>
                { for props.tours.iter().map(|(n, t)| html! {
                    <option value={n.to_string()}>{ format!("{n}. {t}") }</option>
                }) }
            </select>
            <label class="title-field">{ "Title " }
                <input id="title" type="text" maxlength="120" value={props.title.clone()} oninput={on_title}
                    aria-label="Scenario title" />
            </label>
            <button id="copy-link" onclick={emit(&props.on_copy)} title="A link that opens exactly this run at this step">{ "Copy link" }</button>
            <button id="export-scenario" onclick={emit(&props.on_export)} title="Save this run as a scenario file (the CLI reads it too)">{ "Export" }</button>
            <input id="import-file" class="visually-hidden" type="file" accept=".json,application/json" onchange={on_file} />
            <label class="button" for="import-file" title="Open a scenario file; you can also drop one on the page">{ "Import…" }</label>
            <button id="new-work" onclick={emit(&props.on_new)} title="Start afresh (with undo)">{ "New" }</button>
            if let Some(link) = &props.link {
                <input id="share-link" class="share-link" type="text" readonly=true value={link.clone()} aria-label="Share link" />
            }
        </div>
    }
}
