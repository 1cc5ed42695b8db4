//! Text from JavaScript into Rust, fast: long strings are written into wasm memory by the
//! browser's own encoder.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/src/glue.js")]
extern "C" {
    fn encode_utf8_into(text: &js_sys::JsString, from: u32, view: &js_sys::Uint8Array) -> JsValue;
}

/// A JavaScript value as JSON text (empty where it has none, such as a function).
pub fn json_text(value: &JsValue) -> String {
    js_sys::JSON::stringify(value)
        .map(|text| rust_text(&text))
        .unwrap_or_default()
}

/// UTF-16 units from which a string is written into wasm memory by the browser's encoder.
const LONG_TEXT: u32 = 16 * 1024;

/// A JavaScript string as Rust text. wasm-bindgen copies a string into wasm memory character by
/// character; the browser's `TextEncoder.encodeInto`, writing straight into it, is several
/// times faster on long text (docs/performance.md, "In the browser").
pub fn rust_text(text: &js_sys::JsString) -> String {
    let units = text.length();
    if units < LONG_TEXT {
        return String::from(text);
    }
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    // ASCII takes a byte a unit; should there be more, the rest fits in three bytes a unit.
    // (`vec!` of zeros asks the allocator for zeroed memory, which fresh wasm memory already is.)
    let mut room = units as usize;
    let mut bytes: Vec<u8> = vec![0; room];
    let (mut read, mut written) = (0, 0);
    while read < units {
        bytes.resize(written + room, 0);
        // A view of the free room, made after `resize` has grown the memory, if it did: the
        // encoder writes into it before wasm runs again.
        let view = js_sys::Uint8Array::new_with_byte_offset_and_length(
            &memory.buffer(),
            bytes[written..].as_mut_ptr() as u32,
            room as u32,
        );
        let done = encode_utf8_into(text, read, &view);
        let count = |key: &str| {
            js_sys::Reflect::get(&done, &JsValue::from_str(key))
                .ok()
                .and_then(|n| n.as_f64())
                .unwrap_or(0.0)
        };
        // At most what there was to read and room to write, whatever the glue said.
        let units_read = (count("read") as u32).min(units - read);
        let bytes_written = (count("written") as usize).min(room);
        if units_read == 0 {
            break; // cannot happen with room for three bytes a unit; never loop on it
        }
        read += units_read;
        written += bytes_written;
        room = 3 * (units - read) as usize;
    }
    bytes.truncate(written);
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
