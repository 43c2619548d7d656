//! The few browser facilities the page uses besides the DOM: the URL fragment, local storage, the
//! clipboard, full screen, files. Every call that can fail returns a value; none panics.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// The URL fragment, with its `#`, or "".
pub fn fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The page's address without the fragment.
pub fn address() -> String {
    let Some(w) = web_sys::window() else {
        return String::new();
    };
    let href = w.location().href().unwrap_or_default();
    match href.split_once('#') {
        Some((base, _)) => base.to_string(),
        None => href,
    }
}

/// Shows `fragment` (without `#`; "" clears it) in the address bar without reloading or firing
/// `hashchange`, so a reload or a copied address reproduces what is on screen.
pub fn set_fragment(fragment: &str) {
    let Some(w) = web_sys::window() else { return };
    let Ok(history) = w.history() else { return };
    let url = if fragment.is_empty() {
        address()
    } else {
        format!("{}#{fragment}", address())
    };
    let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
}

/// The browser's local storage, if this page may use it (a locked-down browser may refuse; asking then
/// throws, which must not take the page down).
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

pub fn save(key: &str, text: &str) -> Result<(), String> {
    storage()
        .ok_or("this browser does not let the page keep anything")?
        .set_item(key, text)
        .map_err(|_| "the browser refused to store it (storage full or disabled)".to_string())
}

pub fn forget(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// Calls `target.method(args…)` if it exists and returns the promise it gives.
fn call(target: &JsValue, method: &str, args: &[&JsValue]) -> Option<Promise> {
    let f: Function = Reflect::get(target, &JsValue::from_str(method))
        .ok()?
        .dyn_into()
        .ok()?;
    let result = match args {
        [] => f.call0(target),
        [a] => f.call1(target, a),
        _ => return None,
    }
    .ok()?;
    // Some browsers return nothing instead of a promise.
    Some(
        result
            .dyn_into::<Promise>()
            .unwrap_or_else(|_| Promise::resolve(&JsValue::UNDEFINED)),
    )
}

/// Awaits a promise; a rejection is a value, never an unhandled error in the console.
async fn settle(p: Option<Promise>) -> bool {
    match p {
        Some(p) => JsFuture::from(p).await.is_ok(),
        None => false,
    }
}

/// Puts `text` on the clipboard; `false` when the browser does not allow it.
pub async fn copy(text: String) -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    let Ok(clipboard) = Reflect::get(&w.navigator(), &JsValue::from_str("clipboard")) else {
        return false;
    };
    if clipboard.is_undefined() || clipboard.is_null() {
        return false;
    }
    settle(call(&clipboard, "writeText", &[&JsValue::from_str(&text)])).await
}

/// Whether the system asks for reduced motion.
pub fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

pub fn is_fullscreen() -> bool {
    document().and_then(|d| d.fullscreen_element()).is_some()
}

/// Enters or leaves full screen. A refusal (no user gesture, not allowed) leaves the page as it is.
pub async fn fullscreen(on: bool) -> bool {
    let Some(d) = document() else { return false };
    if on == is_fullscreen() {
        return true;
    }
    if on {
        let Some(root) = d.document_element() else {
            return false;
        };
        settle(call(&root, "requestFullscreen", &[])).await
    } else {
        settle(call(&d, "exitFullscreen", &[])).await
    }
}

/// Reads a dropped or chosen file as text, refusing before reading anything larger than `max` bytes.
pub async fn read(file: web_sys::File, max: usize) -> Result<String, String> {
    // Whole bytes (and no float formatting in the wasm).
    let size = file.size() as u64;
    if size > max as u64 {
        return Err(format!(
            "the file is {size} bytes; scenario files are at most {max} bytes"
        ));
    }
    let text = JsFuture::from(file.text())
        .await
        .map_err(|_| "the browser could not read the file".to_string())?;
    text.as_string()
        .ok_or_else(|| "the file is not text".to_string())
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
