//! Pushes into a store: small batches taken at once, big ones queued and taken a piece at a
//! time between frames, and the panel redrawn at the next frame rather than at every push.

use super::{next_task, stopped_push, KpiStore};
use crate::js_text::{json_text, rust_text};
use crate::panic::stopped;
use agent_kpi_engine::IngestReport;
use agent_kpi_host::pieces::Pieces;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The most UTF-16 units one push of text may take (a JSON array or NDJSON, a stream's message,
/// the iframe's message): a bigger one is refused whole, before it is copied into wasm memory,
/// which never shrinks. About 130 000 events.
pub const MAX_PUSH_UNITS: u32 = 32 * 1024 * 1024;

/// The most events one push of an array may hold (taken a piece at a time).
pub const MAX_PUSH_EVENTS: u32 = 2_000_000;

/// A batch bigger than this (bytes of text, or events in an array) is taken in pieces.
const BIG_BATCH_BYTES: usize = 256 * 1024;

const BIG_BATCH_EVENTS: u32 = 2_000;

/// Events in one piece: a few hundred microseconds of work.
const PIECE_EVENTS: usize = 500;

/// Pieces are taken for this long at a time (ms), then the page gets to draw.
const PIECE_BUDGET_MS: f64 = 8.0;

/// While pieces are being taken, the panel redraws at most this often (ms).
const CATCHING_UP_REDRAW_MS: f64 = 250.0;

/// What a push did: its report, and whether the batch was queued instead (then `done` hears
/// the whole report once it is all taken in).
pub struct Pushed {
    pub report: IngestReport,
    pub queued: bool,
}

/// Told the whole report of a queued batch, once it is taken in.
pub type Done = Box<dyn FnOnce(&IngestReport)>;

/// A big batch, taken in pieces across tasks.
pub(super) struct Queued {
    batch: QueuedBatch,
    report: IngestReport,
    done: Option<Done>,
}

impl Queued {
    /// Lets the rest of the batch go (the panel was reset): a host waiting for it hears what of
    /// it went in.
    pub(super) fn let_go(self) {
        if let Some(done) = self.done {
            done(&self.report);
        }
    }
}

pub(super) enum QueuedBatch {
    Text(Pieces),
    /// A JavaScript array of events, turned into text a piece at a time.
    Array {
        items: js_sys::Array,
        next: u32,
    },
}

impl QueuedBatch {
    /// The next piece as text, and the batch position of its first event.
    pub(super) fn next_piece(&mut self) -> Option<(String, usize)> {
        match self {
            QueuedBatch::Text(pieces) => pieces
                .next_piece(PIECE_EVENTS)
                .map(|(text, first)| (text.into_owned(), first)),
            QueuedBatch::Array { items, next } => {
                let first = *next;
                if first >= items.length() {
                    return None;
                }
                *next = first
                    .saturating_add(PIECE_EVENTS as u32)
                    .min(items.length());
                Some((json_text(&items.slice(first, *next)), first as usize))
            }
        }
    }
}

impl KpiStore {
    /// Takes a batch of events as text, and redraws at the next animation frame, once for
    /// every batch taken meanwhile: a flood of small pushes costs one redraw a frame. A big
    /// batch (over 256 KB), and any batch while one is still waiting, is queued and taken in
    /// pieces, a few milliseconds at a time, so the page keeps drawing; `done` hears its whole
    /// report then.
    pub fn push_text_batched(&self, text: String, done: Option<Done>) -> Pushed {
        if stopped() {
            return stopped_push();
        }
        if text.len() > BIG_BATCH_BYTES || !self.inner.borrow().queue.is_empty() {
            return self.enqueue(QueuedBatch::Text(Pieces::new(text)), done);
        }
        Pushed {
            report: self.take_now(&text, 0),
            queued: false,
        }
    }

    /// As [`KpiStore::push_text_batched`], for text still in JavaScript: refused whole, unread,
    /// where it is longer than [`MAX_PUSH_UNITS`].
    pub fn push_js_text(&self, text: &js_sys::JsString, done: Option<Done>) -> Pushed {
        match text.length() {
            units if units > MAX_PUSH_UNITS => self.refuse_push(format!(
                "batch: {units} characters, more than the {MAX_PUSH_UNITS} one push may take: push it in parts"
            )),
            _ => self.push_text_batched(rust_text(text), done),
        }
    }

    /// Turns a whole push away unread, with `reason`, and says so as any push's report would.
    pub fn refuse_push(&self, reason: String) -> Pushed {
        if stopped() {
            return stopped_push();
        }
        let report = self.inner.borrow_mut().engine.refuse_batch(reason);
        self.redraw_soon(Some(&report));
        Pushed {
            report,
            queued: false,
        }
    }

    /// As [`KpiStore::push_text_batched`], for a JavaScript array of events: turned into text
    /// a piece at a time when it is long.
    pub fn push_array_batched(&self, items: js_sys::Array, done: Option<Done>) -> Pushed {
        if stopped() {
            return stopped_push();
        }
        if items.length() > MAX_PUSH_EVENTS {
            return self.refuse_push(format!(
                "batch: {} events, more than the {MAX_PUSH_EVENTS} one push may take: push them in parts",
                items.length()
            ));
        }
        if items.length() > BIG_BATCH_EVENTS || !self.inner.borrow().queue.is_empty() {
            return self.enqueue(QueuedBatch::Array { items, next: 0 }, done);
        }
        self.push_text_batched(json_text(&items), done)
    }

    /// Ingests `text` (from position `first` of its batch) now, shares it with the other tabs,
    /// and redraws soon.
    pub(super) fn take_now(&self, text: &str, first: usize) -> IngestReport {
        let (report, flush) = {
            let mut inner = self.inner.borrow_mut();
            let mut report = IngestReport::default();
            report.add(inner.engine_now().push_text(text), first);
            let flush = inner.tabs.as_mut().is_some_and(|tabs| tabs.share(text));
            (report, flush)
        };
        if flush {
            // Everything the host pushes in this task goes to the other tabs in one message.
            let store = self.clone();
            let flush = Closure::once_into_js(move || store.flush_tabs());
            window().queue_microtask(flush.unchecked_ref());
        }
        self.redraw_soon(Some(&report));
        report
    }

    pub(super) fn enqueue(&self, batch: QueuedBatch, done: Option<Done>) -> Pushed {
        let first = {
            let mut inner = self.inner.borrow_mut();
            inner.queue.push_back(Queued {
                batch,
                report: IngestReport::default(),
                done,
            });
            inner.queue.len() == 1
        };
        if first {
            self.take_queued_soon();
        }
        Pushed {
            report: IngestReport::default(),
            queued: true,
        }
    }

    pub(super) fn take_queued_soon(&self) {
        let store = self.clone();
        next_task(Closure::once_into_js(move || store.take_queued()));
    }

    /// Takes pieces of the queued batches for a few milliseconds, then lets the page draw and
    /// comes back in the next task.
    pub(super) fn take_queued(&self) {
        if stopped() {
            return;
        }
        let started = js_sys::Date::now();
        loop {
            let piece = {
                let mut inner = self.inner.borrow_mut();
                let Some(front) = inner.queue.front_mut() else {
                    return;
                };
                front.batch.next_piece()
            };
            match piece {
                Some((text, first)) => {
                    let report = self.take_now(&text, first);
                    if let Some(front) = self.inner.borrow_mut().queue.front_mut() {
                        front.report.add(report, 0);
                    }
                }
                None => {
                    let finished = self.inner.borrow_mut().queue.pop_front();
                    if let Some(Queued {
                        report,
                        done: Some(done),
                        ..
                    }) = finished
                    {
                        done(&report);
                    }
                }
            }
            if js_sys::Date::now() - started >= PIECE_BUDGET_MS {
                break;
            }
        }
        if !self.inner.borrow().queue.is_empty() {
            self.take_queued_soon();
        }
    }

    /// Redraws at the next animation frame, once for everything that happened meanwhile;
    /// `report` (this host's pushes) is added to what listeners hear then.
    pub(super) fn redraw_soon(&self, report: Option<&IngestReport>) {
        let first = {
            let mut inner = self.inner.borrow_mut();
            let first = inner.pending.is_none();
            let pending = inner.pending.get_or_insert_with(IngestReport::default);
            if let Some(report) = report {
                pending.add(report.clone(), 0);
            }
            first
        };
        if first {
            self.redraw_at_next_frame();
        }
    }

    pub(super) fn redraw_at_next_frame(&self) {
        let store = self.clone();
        request_animation_frame(move || {
            // While a big batch goes in, redraw a few times a second, not every frame: the
            // figures move too fast to read anyway, and the time goes to the batch.
            let catching_up = {
                let inner = store.inner.borrow();
                !inner.queue.is_empty()
                    && js_sys::Date::now() - inner.published_at < CATCHING_UP_REDRAW_MS
            };
            if catching_up {
                store.redraw_at_next_frame();
                return;
            }
            let pending = store.inner.borrow_mut().pending.take();
            store.publish_with(pending.as_ref(), false);
        });
    }
}
