//! Keyboard and clicker keys. Clickers send PageDown/PageUp (some send arrows or Space).

/// What a key asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    Step,
    Back,
    PlayPause,
    Escape,
    /// `F`: presentation mode on or off.
    Present,
    /// `?`: the list of shortcuts.
    Help,
    /// A number key: switch to that tab (1-based).
    Tab(u8),
    /// Home: the first step of the tour (or of the run).
    First,
    /// End: the last step of the tour (or of the run).
    Last,
    /// `V`: the next view of the Synod stage (chamber, diagram, safety, liveness).
    View,
}

/// Every shortcut, as the help overlay lists it.
pub const SHORTCUTS: [(&str, &str); 10] = [
    (
        "→  Space  PageDown",
        "step forward (in a tour: next caption; after the last, the next tour)",
    ),
    (
        "←  PageUp",
        "step back (in a tour: previous caption; before the first, the previous tour)",
    ),
    ("Home  End", "first or last step (in a tour: of the tour)"),
    ("P", "play or pause (in a tour: leaves the tour)"),
    (
        "V",
        "next view of the Synod run: chamber, space-time diagram, safety, liveness",
    ),
    ("F", "presentation mode: full screen, large type"),
    ("1  2  3", "Synod tab, CORFU tab, Multi-Paxos tab"),
    ("?", "this list"),
    (
        "Esc",
        "close this list, the inspector or the tour; then leave presenting",
    ),
    ("Tab  Enter", "reach and press any control"),
];

/// Where the key was pressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// A text field, number field or menu: keys belong to it.
    Typing,
    /// A button or another activatable element: Space and Enter activate it.
    Control,
    Elsewhere,
}

pub fn command(key: &str, focus: Focus, modifiers: bool) -> Option<Command> {
    if modifiers {
        return None;
    }
    match (key, focus) {
        ("Escape", _) => Some(Command::Escape),
        (_, Focus::Typing) => None,
        (" " | "Spacebar", Focus::Control) => None,
        ("ArrowRight" | "PageDown" | " " | "Spacebar", _) => Some(Command::Step),
        ("ArrowLeft" | "PageUp", _) => Some(Command::Back),
        ("Home", _) => Some(Command::First),
        ("End", _) => Some(Command::Last),
        ("v" | "V", _) => Some(Command::View),
        ("p" | "P", _) => Some(Command::PlayPause),
        ("f" | "F", _) => Some(Command::Present),
        ("?", _) => Some(Command::Help),
        ("1", _) => Some(Command::Tab(1)),
        ("2", _) => Some(Command::Tab(2)),
        ("3", _) => Some(Command::Tab(3)),
        _ => None,
    }
}

/// Classifies the element a key event came from. `by_pointer`: the focus came from a click, not from
/// Tab. A button, menu or slider the lecturer just clicked keeps the focus, but the clicker's next Space
/// or PageDown is meant for the page (pressing Reset again, or moving the slider, would surprise);
/// reached by Tab, the control gets its keys as usual. Text fields always keep theirs.
pub fn focus_of(target: Option<&web_sys::Element>, by_pointer: bool) -> Focus {
    let Some(el) = target else {
        return Focus::Elsewhere;
    };
    let text_field = matches!(el.tag_name().to_ascii_lowercase().as_str(), "textarea")
        || (el.tag_name().eq_ignore_ascii_case("input")
            && !matches!(
                el.get_attribute("type")
                    .unwrap_or_default()
                    .to_ascii_lowercase()
                    .as_str(),
                "checkbox" | "radio" | "button" | "submit" | "range" | "file"
            ))
        || el.get_attribute("contenteditable").is_some();
    if by_pointer && !text_field {
        return Focus::Elsewhere;
    }
    let tag = el.tag_name().to_ascii_lowercase();
    let input_type = el
        .get_attribute("type")
        .unwrap_or_default()
        .to_ascii_lowercase();
    match tag.as_str() {
        "textarea" | "select" => Focus::Typing,
        "input"
            if matches!(
                input_type.as_str(),
                "checkbox" | "radio" | "button" | "submit" | "range"
            ) =>
        {
            // Arrow keys move a range slider; let the slider have them.
            if input_type == "range" {
                Focus::Typing
            } else {
                Focus::Control
            }
        }
        "input" => Focus::Typing,
        "button" | "a" | "summary" => Focus::Control,
        _ if el.get_attribute("role").as_deref() == Some("button") => Focus::Control,
        _ if el.get_attribute("contenteditable").is_some() => Focus::Typing,
        _ => Focus::Elsewhere,
    }
}

/// Listens on the whole document for clicker and keyboard commands; dropping the listener stops it.
pub fn listen(on_command: yew::Callback<Command>) -> Option<Listeners> {
    use wasm_bindgen::JsCast;
    let document = web_sys::window()?.document()?;
    let options = gloo_events::EventListenerOptions::enable_prevent_default();
    // Whether the focus was last moved by a pointer (a click) rather than by the keyboard (Tab).
    let by_pointer = std::rc::Rc::new(std::cell::Cell::new(false));
    let pointer = {
        let by_pointer = by_pointer.clone();
        gloo_events::EventListener::new(&document, "pointerdown", move |_| by_pointer.set(true))
    };
    let keys =
        gloo_events::EventListener::new_with_options(&document, "keydown", options, move |event| {
            let Some(e) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                return;
            };
            if e.key() == "Tab" {
                by_pointer.set(false);
            }
            let target = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
            let modifiers = e.ctrl_key() || e.alt_key() || e.meta_key();
            let focus = focus_of(target.as_ref(), by_pointer.get());
            if let Some(cmd) = command(&e.key(), focus, modifiers) {
                e.prevent_default();
                on_command.emit(cmd);
            }
        });
    Some(Listeners([pointer, keys]))
}

/// The listeners of [`listen`]; dropping them stops listening.
pub struct Listeners(#[allow(dead_code)] [gloo_events::EventListener; 2]);
