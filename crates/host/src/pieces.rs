//! A giant batch of events, taken in pieces. The browser feeds hand the engine at most a few
//! thousand events at a time, between which the page can draw; a batch of a million events
//! (a host replaying the day) would otherwise freeze it for seconds.
//!
//! Each piece is itself a batch `Engine::push_text` takes (NDJSON lines, or a JSON array of
//! some of the elements), and comes with the position of its first event in the whole batch,
//! so the pieces' reports add up to the report of the whole.
//!
//! ```
//! use agent_kpi_host::pieces::Pieces;
//! let mut pieces = Pieces::new(r#"[{"id":"a"},{"id":"b"},{"id":"c"}]"#.to_string());
//! assert_eq!(pieces.next_piece(2).map(|(text, at)| (text.into_owned(), at)),
//!            Some((r#"[{"id":"a"},{"id":"b"}]"#.to_string(), 0)));
//! assert_eq!(pieces.next_piece(2).map(|(text, at)| (text.into_owned(), at)),
//!            Some((r#"[{"id":"c"}]"#.to_string(), 2)));
//! assert!(pieces.next_piece(2).is_none());
//! ```

use agent_kpi_engine::is_json_array;
use std::borrow::Cow;

/// A batch (a JSON array of events, or NDJSON) and how far it has been taken.
#[derive(Debug)]
pub struct Pieces {
    text: String,
    /// Byte offset of what comes next.
    at: usize,
    /// Batch position (array index, or number among the non-blank lines) of what comes next.
    index: usize,
    array: bool,
    /// Everything was handed out.
    done: bool,
}

impl Pieces {
    pub fn new(text: String) -> Pieces {
        let start = text.len() - text.trim_start().len();
        // As `parse_batch` reads it: anything but one valid JSON array is NDJSON.
        let array = is_json_array(&text);
        Pieces {
            at: if array { start + 1 } else { start },
            index: 0,
            array,
            done: false,
            text,
        }
    }

    /// The next piece of at most `max` events (at least one), and the batch position of its
    /// first event; `None` once everything was handed out.
    pub fn next_piece(&mut self, max: usize) -> Option<(Cow<'_, str>, usize)> {
        let max = max.max(1);
        if self.done {
            None
        } else if self.array {
            self.next_elements(max)
        } else {
            self.next_lines(max)
        }
    }

    fn next_lines(&mut self, max: usize) -> Option<(Cow<'_, str>, usize)> {
        let rest = self.text.get(self.at..).unwrap_or_default();
        let bytes = rest.as_bytes();
        let (mut end, mut count) = (0, 0);
        while count < max && end < bytes.len() {
            // Just past the line's `\n` (a char boundary), or the end of the text.
            let line_end =
                memchr::memchr(b'\n', &bytes[end..]).map_or(bytes.len(), |i| end + i + 1);
            // Blank as `parse_batch` has it: `trim_start` stops at the first other character.
            let line = rest.get(end..line_end).unwrap_or_default();
            if !line.trim_start().is_empty() {
                count += 1;
            }
            end = line_end;
        }
        if count == 0 {
            self.done = true;
            return None;
        }
        let start = self.at;
        self.at += end;
        let first = self.index;
        self.index += count;
        Some((Cow::Borrowed(&self.text[start..start + end]), first))
    }

    /// Up to `max` elements of the array from `at`, found by their top-level commas.
    fn next_elements(&mut self, max: usize) -> Option<(Cow<'_, str>, usize)> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
        let mut count = 0;
        let mut pos = start;
        // Where the piece ends (exclusive) and where the next one starts.
        let mut cut = None;
        while pos < bytes.len() {
            let byte = bytes[pos];
            if in_string {
                match byte {
                    _ if escaped => escaped = false,
                    b'\\' => escaped = true,
                    b'"' => in_string = false,
                    _ => {}
                }
            } else {
                match byte {
                    b'"' => in_string = true,
                    b'[' | b'{' => depth += 1,
                    b']' | b'}' if depth > 0 => depth -= 1,
                    b',' if depth == 0 => {
                        count += 1;
                        if count == max {
                            cut = Some((pos, pos + 1));
                            break;
                        }
                    }
                    b']' => {
                        // The end of the array (valid: nothing but whitespace follows it).
                        let has_element = !self.text[start..pos].trim().is_empty();
                        let first = self.index;
                        self.index += count + usize::from(has_element);
                        self.done = true;
                        return has_element
                            .then(|| (Cow::Owned(format!("[{}]", &self.text[start..pos])), first));
                    }
                    _ => {}
                }
            }
            pos += 1;
        }
        let Some((end, next)) = cut else {
            // Not in a valid array, which always closes: the batch ends here.
            self.done = true;
            return None;
        };
        self.at = next;
        let first = self.index;
        self.index += count;
        Some((Cow::Owned(format!("[{}]", &self.text[start..end])), first))
    }
}

// Natively only: proptest is a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use agent_kpi_engine::{Engine, IngestReport};
    use proptest::prelude::*;

    /// What the engine reports for the whole batch, and for its pieces of `max` added up.
    fn whole_and_pieces(text: &str, max: usize) -> (IngestReport, IngestReport) {
        let whole = Engine::default().push_text(text);
        let mut engine = Engine::default();
        let mut summed = IngestReport::default();
        let mut pieces = Pieces::new(text.to_string());
        while let Some((piece, first)) = pieces.next_piece(max) {
            summed.add(engine.push_text(&piece), first);
        }
        (whole, summed)
    }

    fn event(i: usize) -> String {
        format!(
            r#"{{"id":"e{i}","ts":{},"type":"agent_state","state":"available","note":"a, [b] {{c}} \"d\""}}"#,
            1_767_254_400_000u64 + i as u64
        )
    }

    #[test]
    fn ndjson_pieces_keep_line_numbers() {
        let text = format!("{}\n\n{}\nnot json\n{}\n", event(1), event(2), event(3));
        let (whole, pieces) = whole_and_pieces(&text, 2);
        assert_eq!(pieces, whole);
        assert_eq!(pieces.rejected[0].index, 2);
        assert_eq!(pieces.accepted, 3);
    }

    #[test]
    fn array_pieces_keep_indices_and_strings_intact() {
        let text = format!(" [ {}, 5, {} ,{}]  ", event(1), event(2), event(3));
        for max in 1..5 {
            let (whole, pieces) = whole_and_pieces(&text, max);
            assert_eq!(pieces, whole, "pieces of {max}");
        }
        assert_eq!(whole_and_pieces(&text, 1).1.rejected[0].index, 1);
    }

    #[test]
    fn broken_arrays_are_read_as_ndjson_as_a_whole_batch_would_be() {
        for text in ["[", "[]", "[] x", "[1,", "[{\"id\": \"a\",", "  ", ""] {
            let (whole, pieces) = whole_and_pieces(text, 1);
            assert_eq!(pieces.accepted, whole.accepted, "{text:?}");
            assert_eq!(
                pieces.rejected.is_empty(),
                whole.rejected.is_empty(),
                "{text:?}"
            );
        }
    }

    proptest! {
        /// Any batch of valid and broken events, as an array or NDJSON, in pieces of any size:
        /// the same report as the whole.
        #[test]
        fn pieces_add_up_to_the_whole(
            kinds in prop::collection::vec(0u8..4, 0..40),
            max in 1usize..12,
            as_array: bool,
        ) {
            let items: Vec<String> = kinds.iter().enumerate().map(|(i, kind)| match kind {
                0 | 1 => event(i),
                2 => event(i / 2), // a duplicate, now and then
                _ => r#"{"id": 7, "ts": "soon"}"#.to_string(),
            }).collect();
            let text = if as_array { format!("[{}]", items.join(",\n")) } else { items.join("\n") };
            let (whole, pieces) = whole_and_pieces(&text, max);
            prop_assert_eq!(pieces, whole);
        }
    }
}
