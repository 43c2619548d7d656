//! Share links: the page's address fragment (after `#`) names what to open.
//!
//! * `scenario=1.<payload>` — a whole scenario. `1` is the link format; the payload is the scenario
//!   file's compact JSON (the same JSON as a saved file, `"protocol"` included for CORFU), deflated in a
//!   zlib wrapper (whose checksum catches a link cut short or edited) and written as URL-safe base64
//!   without padding, so the fragment needs no percent-encoding.
//! * `tour=N/K` — step K of guided tour N, both counted from 1.
//! * nothing (or a bare `#`) — open the page as it was.
//!
//! Opening a link is opening a file: the inflated JSON goes through [`Document::parse`], so every check
//! of a scenario file applies. Nothing here panics, and memory is bounded: a payload longer than
//! [`MAX_PAYLOAD_CHARS`] is refused before decoding, and inflating stops at [`MAX_BYTES`].

use super::document::Document;
use super::file::{shorten, MAX_BYTES};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::{DecodeError, Engine as _};
use miniz_oxide::inflate::{decompress_to_vec_zlib_with_limit, TINFLStatus};
use std::fmt;

/// The share-link format this build writes and reads.
pub const LINK_FORMAT: u64 = 1;
/// Longer payloads are refused before decoding (browsers keep addresses of about 2 MB at most).
pub const MAX_PAYLOAD_CHARS: usize = 2 * 1024 * 1024;
/// Deflate effort: 1 to 10 (miniz's best). Links are made rarely, so take the smallest.
const LEVEL: u8 = 10;

/// What an address fragment asks the page to open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fragment {
    Empty,
    Scenario(Document),
    /// A guided tour and a step in it, both counted from 1.
    Tour {
        number: usize,
        step: usize,
    },
}

/// Why a link cannot be opened: a sentence for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkError(pub String);

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LinkError {}

/// The fragment (without `#`) that opens `doc`, where it opens: `scenario=1.<payload>`.
pub fn scenario_fragment(doc: &Document) -> String {
    let json = doc.to_compact_json();
    let deflated = miniz_oxide::deflate::compress_to_vec_zlib(json.as_bytes(), LEVEL);
    format!(
        "scenario={LINK_FORMAT}.{}",
        URL_SAFE_NO_PAD.encode(deflated)
    )
}

/// The fragment (without `#`) that opens step `step` of tour `number` (both from 1): `tour=2/3`.
pub fn tour_fragment(number: usize, step: usize) -> String {
    format!("tour={number}/{step}")
}

/// Reads an address fragment, with or without its leading `#`. Never panics, whatever the text.
pub fn parse_fragment(hash: &str) -> Result<Fragment, LinkError> {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    if hash.is_empty() {
        return Ok(Fragment::Empty);
    }
    let (key, value) = hash.split_once('=').unwrap_or((hash, ""));
    match key {
        "scenario" => parse_scenario(value).map(Fragment::Scenario),
        "tour" => parse_tour(value, hash),
        other => Err(LinkError(format!(
            "this link asks for \"{}\", which this version does not know: links open a scenario=… or a tour=…",
            shorten(other)
        ))),
    }
}

fn damaged(why: impl fmt::Display) -> LinkError {
    LinkError(format!(
        "this link is damaged: it was cut short or edited ({why})"
    ))
}

fn parse_scenario(value: &str) -> Result<Document, LinkError> {
    if value.is_empty() {
        return Err(damaged("the scenario is missing"));
    }
    let Some((format, payload)) = value.split_once('.') else {
        return Err(damaged("the link format is missing"));
    };
    check_format(format)?;
    if payload.is_empty() {
        return Err(damaged("the scenario is empty"));
    }
    if payload.len() > MAX_PAYLOAD_CHARS {
        return Err(LinkError(format!(
            "this link is too long: {} characters, and a share link holds at most {MAX_PAYLOAD_CHARS}; share the scenario as a file instead",
            payload.len()
        )));
    }
    let deflated = URL_SAFE_NO_PAD.decode(payload).map_err(|e| {
        damaged(match e {
            DecodeError::InvalidByte(at, byte) => format!(
                "character {} of the scenario, '{}', cannot be in a link",
                at + 1,
                char::from(byte).escape_debug()
            ),
            DecodeError::InvalidLastSymbol(..) => "the scenario's last character is wrong".into(),
            DecodeError::InvalidLength(_) => "the scenario has a length no link can have".into(),
            DecodeError::InvalidPadding => "the scenario ends in padding".into(),
        })
    })?;
    let json = decompress_to_vec_zlib_with_limit(&deflated, MAX_BYTES).map_err(|e| match e.status {
        TINFLStatus::HasMoreOutput => LinkError(format!(
            "this link's scenario is too large: it unpacks to more than {MAX_BYTES} bytes, the most a scenario file may hold"
        )),
        TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
            damaged("the compressed scenario ends too soon")
        }
        TINFLStatus::Adler32Mismatch => damaged("the scenario's checksum does not match"),
        _ => damaged("the scenario is not compressed data"),
    })?;
    let text = String::from_utf8(json).map_err(|_| damaged("the scenario is not text"))?;
    Document::parse(&text)
        .map_err(|e| LinkError(format!("the link's scenario cannot be opened: {e}")))
}

fn check_format(format: &str) -> Result<(), LinkError> {
    if format == LINK_FORMAT.to_string() {
        return Ok(());
    }
    if format.is_empty() || !format.bytes().all(|b| b.is_ascii_digit()) {
        return Err(damaged(format_args!(
            "\"{}\" is not a link format",
            shorten(format)
        )));
    }
    match format.parse::<u64>() {
        Ok(n) if n > LINK_FORMAT => Err(LinkError(format!(
            "this link was made by a newer version of Lunch Parliament (link format {n}); this version reads format {LINK_FORMAT}"
        ))),
        _ => Err(LinkError(format!(
            "this link uses link format {}, which this version does not read; it reads format {LINK_FORMAT}",
            shorten(format)
        ))),
    }
}

/// `value` is what follows `tour=`; `shown` the whole fragment, for messages.
fn parse_tour(value: &str, shown: &str) -> Result<Fragment, LinkError> {
    let bad = |why: &str| {
        LinkError(format!(
            "this tour link is damaged: \"{}\" {why}; expected tour=N/K, like tour=2/3",
            shorten(shown)
        ))
    };
    let Some((number, step)) = value.split_once('/') else {
        return Err(bad("names no step"));
    };
    let count = |part: &str| -> Result<usize, LinkError> {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("is not two whole numbers"));
        }
        match part.parse::<usize>() {
            Ok(0) => Err(bad("counts from 0: tours and their steps count from 1")),
            Ok(n) => Ok(n),
            Err(_) => Err(bad("has a number far too large")),
        }
    };
    Ok(Fragment::Tour {
        number: count(number)?,
        step: count(step)?,
    })
}
