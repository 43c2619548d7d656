//! The page's own furniture around the tabs: the masthead, the tools that stay on screen while
//! presenting (tour menu, Present, help), the first-visit pointer and the footer. Plain views: the
//! shell (`app.rs`) holds their state.

use lunch_parliament::tour;
use yew::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Motion {
    Smooth,
    Slow,
    Off,
}

impl Motion {
    pub fn class(self) -> &'static str {
        match self {
            Motion::Smooth => "motion-smooth",
            Motion::Slow => "motion-slow",
            Motion::Off => "motion-off",
        }
    }
}

/// (number, title) of each tour, in the order the lecture plays them.
pub fn tours() -> Vec<(usize, &'static str)> {
    tour::PLAYLIST
        .iter()
        .filter_map(|&n| tour::title(n).map(|t| (n, t)))
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct MastheadProps {
    pub tagline: AttrValue,
    pub motion: Motion,
    pub on_motion: Callback<Motion>,
    pub children: Html,
}

#[function_component(Masthead)]
pub fn masthead(props: &MastheadProps) -> Html {
    let on_motion = props.on_motion.reform(|e: Event| {
        let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
        match s.value().as_str() {
            "slow" => Motion::Slow,
            "off" => Motion::Off,
            _ => Motion::Smooth,
        }
    });
    let motion = props.motion;
    html! {
        <header class="masthead">
            <svg class="logo" viewBox="0 0 64 64" aria-hidden="true">
                <circle cx="32" cy="36" r="26" fill="#E69F00" />
                <circle cx="32" cy="36" r="17" fill="#fbf7f0" />
                <path d="M21 36h22" stroke="#0072B2" stroke-width="5" stroke-linecap="round" />
                <circle cx="32" cy="9" r="6" fill="#009E73" />
            </svg>
            <h1>{ "Lunch Parliament" }</h1>
            <p class="tagline" id="tagline">{ props.tagline.clone() }</p>
            <label class="motion">{ "Motion " }
                <select onchange={on_motion} aria-label="Motion">
                    <option value="smooth" selected={motion == Motion::Smooth}>{ "smooth" }</option>
                    <option value="slow" selected={motion == Motion::Slow}>{ "slow" }</option>
                    <option value="off" selected={motion == Motion::Off}>{ "off" }</option>
                </select>
            </label>
            { props.children.clone() }
        </header>
    }
}

#[derive(Properties, PartialEq)]
pub struct ToolsProps {
    pub presenting: bool,
    /// The tour open, if any (marked in the menu).
    pub current_tour: Option<usize>,
    pub on_tour: Callback<usize>,
    pub on_present: Callback<()>,
    pub on_help: Callback<()>,
}

/// While presenting, the tour menu and the way out share the tour's title line (or, outside a tour, a
/// line of their own): nothing floats over the chamber.
#[function_component(PageTools)]
pub fn page_tools(props: &ToolsProps) -> Html {
    let on_tour_menu = {
        let cb = props.on_tour.clone();
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(n) = s.value().parse::<usize>() {
                cb.emit(n);
            }
            s.set_value("");
            // The clicker's next key is for the lecture, not for this menu.
            let _ = s.blur();
        })
    };
    let current = props.current_tour;
    html! {
        <div class="page-tools">
            if props.presenting {
                <select id="present-tours" class="tour-menu" aria-label="Tours" title="Open a guided tour" onchange={on_tour_menu}>
                    <option value="" selected=true>{ "Tours…" }</option>
                    { for tours().iter().map(|(n, t)| html! {
                        <option value={n.to_string()}>{ format!("{n}. {t}{}", if current == Some(*n) { " (open)" } else { "" }) }</option>
                    }) }
                </select>
            }
            <button id="present" aria-pressed={props.presenting.to_string()} onclick={props.on_present.reform(|_| ())}
                title="Presentation mode (F)">{ if props.presenting { "Stop presenting" } else { "Present" } }</button>
            <button id="help" title="Keyboard shortcuts (?)" onclick={props.on_help.reform(|_| ())}>
                { "?" }<span class="visually-hidden">{ " Keyboard shortcuts" }</span>
            </button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct FirstVisitProps {
    pub on_tour: Callback<usize>,
    pub on_dismiss: Callback<()>,
}

/// A first visit (nothing saved, no link): a one-line pointer to tour 1.
#[function_component(FirstVisit)]
pub fn first_visit(props: &FirstVisitProps) -> Html {
    html! {
        <p class="first-visit" id="first-visit">{ "New here? " }
            <button class="first-visit-tour" onclick={props.on_tour.reform(|_| 1)}>
                { format!("Start the guided tour: {} →", tour::title(1).unwrap_or("What consensus is")) }
            </button>
            <button class="first-visit-dismiss" aria-label="Dismiss the pointer to the tour" title="Dismiss"
                onclick={props.on_dismiss.reform(|_| ())}>{ "×" }</button>
        </p>
    }
}

#[derive(Properties, PartialEq)]
pub struct FooterProps {
    pub protocol: AttrValue,
    pub title: AttrValue,
    pub seed: u64,
    pub trace: AttrValue,
}

#[function_component(Footer)]
pub fn footer(props: &FooterProps) -> Html {
    html! {
        <footer class="footer">
            <span id="footer-protocol">{ props.protocol.clone() }</span>
            <span id="footer-title">{ format!("{} · seed {}", props.title, props.seed) }</span>
            <span>{ "Keys: → Space PageDown step · ← PageUp back · V view · P play · F present · ? all keys" }</span>
            <span>{ "Trace hash " }<code id="trace-hash">{ props.trace.clone() }</code></span>
        </footer>
    }
}
