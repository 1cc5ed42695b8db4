//! JSON in, typed events out: validation with a precise reason for every event turned away.
//!
//! Parsing never panics and never gives up on a batch because of one bad event: each event is
//! parsed on its own, and a bad one yields a [`Parsed::Rejected`] that names the field and what
//! was wrong with it.

use crate::json::read;
pub use crate::wire::Parsed;
use crate::wire::{reject, Wire};
use crate::{scan, wire_read};
use serde_json::value::RawValue;

/// The most bytes one event may take (a line of NDJSON, an element of an array): a bigger one
/// is refused unread. The largest valid event, every field at its longest, is under 4 KB.
pub const MAX_EVENT_BYTES: usize = 64 * 1024;

/// Parses one event from its JSON text.
pub fn parse_event(json: &str) -> Parsed {
    // The plain form, by the scanner; anything else by the slow reader (see `wire_read`).
    let mut wire = Wire::default();
    match scan::scan(json, &mut wire) {
        Some(()) => wire.finish(),
        None => parse_slowly(json),
    }
}

/// Parses one event the scanner gave up on.
fn parse_slowly(json: &str) -> Parsed {
    if !json.trim_start().starts_with('{') {
        return reject("event: expected a JSON object".into());
    }
    match wire_read::read_wire(json) {
        Ok(wire) => wire.finish(),
        Err(reason) => reject(reason),
    }
}

/// Parses one event with serde: the reference, for every input.
pub(super) fn parse_with_serde(json: &str) -> Parsed {
    // Serde would read a struct from an array too; an event is an object.
    if !json.trim_start().starts_with('{') {
        return reject("event: expected a JSON object".into());
    }
    let wire = match read_wire(json) {
        Ok(wire) => wire,
        Err(reason) => return reject(reason),
    };
    match wire.to_event() {
        Ok(parsed) => parsed,
        Err(reason) => reject(reason),
    }
}

/// Parses a batch: a JSON array of events, NDJSON (one event a line), or one event. A text that
/// is not one valid JSON array is read as NDJSON, so that one bad line costs only itself, the
/// first line too (contract 1.1). `each` is called with every event's position in the batch
/// (array index, or line number from 0 among the non-blank lines) and its outcome, in order.
pub fn parse_batch(text: &str, mut each: impl FnMut(usize, Parsed)) {
    let trimmed = text.trim_start();
    if let Some(elements) = read::array_items(trimmed) {
        for (index, element) in elements.into_iter().enumerate() {
            each(index, within_bounds(element, parse_event));
        }
        return;
    }
    // NDJSON: the lines of the text as `str::lines` cuts them, blank ones skipped. The scanner
    // reads a plain line as it finds where it ends; any other line is cut out and parsed alone.
    let mut rest = trimmed;
    let mut index = 0;
    while !rest.is_empty() {
        let mut wire = Wire::default();
        if let Some(next) = scan::scan_line(rest, &mut wire) {
            // The line as `str::lines` has it, for its length.
            let line = rest.get(..next).unwrap_or_default();
            let line = line.strip_suffix('\n').unwrap_or(line);
            let line = line.strip_suffix('\r').unwrap_or(line);
            let parsed = match line.len() > MAX_EVENT_BYTES {
                true => too_big(line.len()),
                false => wire.finish(),
            };
            each(index, parsed);
            index += 1;
            rest = rest.get(next..).unwrap_or_default();
            continue;
        }
        let line = match rest.split_once('\n') {
            Some((line, next)) => {
                rest = next;
                line.strip_suffix('\r').unwrap_or(line)
            }
            None => std::mem::take(&mut rest),
        };
        if !line.trim().is_empty() {
            each(index, within_bounds(line, parse_event));
            index += 1;
        }
    }
}

/// `json` through `parse`, unless it is more than [`MAX_EVENT_BYTES`].
fn within_bounds(json: &str, parse: fn(&str) -> Parsed) -> Parsed {
    match json.len() > MAX_EVENT_BYTES {
        true => too_big(json.len()),
        false => parse(json),
    }
}

fn too_big(bytes: usize) -> Parsed {
    reject(format!(
        "event: {bytes} bytes, more than the {MAX_EVENT_BYTES} one event may take"
    ))
}

/// The elements of `text` where it is one valid JSON array (whitespace around it allowed),
/// each as its JSON text; `None` for anything else.
fn json_array(text: &str) -> Option<Vec<&RawValue>> {
    match text.starts_with('[') {
        true => serde_json::from_str(text).ok(),
        false => None,
    }
}

/// Whether `text` is one valid JSON array, which [`parse_batch`] reads as an array rather than
/// as NDJSON.
pub fn is_json_array(text: &str) -> bool {
    read::array_items(text).is_some()
}

/// [`parse_event`] with serde alone, as every event was parsed before the scanner: the
/// reference the scanner is tested and fuzzed against.
#[doc(hidden)]
pub fn parse_event_reference(json: &str) -> Parsed {
    parse_with_serde(json)
}

/// [`parse_batch`] with serde alone and the lines cut by `str::lines`, as before the scanner:
/// the reference for tests and fuzzing.
#[doc(hidden)]
pub fn parse_batch_reference(text: &str, mut each: impl FnMut(usize, Parsed)) {
    let trimmed = text.trim_start();
    if let Some(elements) = json_array(trimmed) {
        for (index, element) in elements.into_iter().enumerate() {
            each(index, within_bounds(element.get(), parse_with_serde));
        }
        return;
    }
    for (index, line) in trimmed
        .lines()
        .filter(|line| !line.trim().is_empty())
        .enumerate()
    {
        each(index, within_bounds(line, parse_with_serde));
    }
}

/// A serde_json error without its "at line 1 column 7" tail, which says nothing about an event.
fn plain(err: &serde_json::Error) -> String {
    let text = err.to_string();
    // The tail serde_json writes, cut off as a whole (a search for it would bring a substring
    // searcher into the bundle for this alone).
    let tail = format!(" at line {} column {}", err.line(), err.column());
    match text.strip_suffix(&tail) {
        Some(plain) => plain.to_string(),
        None => text,
    }
}

/// `json` read into a [`Wire`], or why it is not an event, naming the field at fault. Read
/// through `serde_path_to_error` even when it is fine, so that the derived reader is compiled
/// for one deserializer only: serde is the slow path, for events the scanner gives up on.
fn read_wire(json: &str) -> Result<Wire<'_>, String> {
    let mut de = serde_json::Deserializer::from_str(json);
    let err = match serde_path_to_error::deserialize::<_, Wire>(&mut de) {
        Ok(wire) => match de.end() {
            Ok(()) => return Ok(wire),
            Err(err) => return Err(format!("invalid JSON: {}", plain(&err))),
        },
        Err(err) => err,
    };
    let inner = err.inner();
    if inner.is_syntax() || inner.is_eof() {
        return Err(format!("invalid JSON: {}", plain(inner)));
    }
    let path = err.path().to_string();
    Err(if path == "." {
        format!("event: {}", plain(inner))
    } else {
        format!("{path}: {}", plain(inner))
    })
}
