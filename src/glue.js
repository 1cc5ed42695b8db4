// Browser glue of the agent-kpi widget: the <agent-kpi-panel> element class and time zones by
// name. Everything else lives in Rust; this file only does what needs a JavaScript class or
// a try/catch.

const formats = new Map();
const utf8 = new TextEncoder();

/** Offset of `zone` from UTC at `utcMs`, in minutes; NaN where the browser does not know it. */
export function zone_offset_minutes(zone, utcMs) {
  try {
    let format = formats.get(zone);
    if (!format) {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
      formats.set(zone, format);
    }
    const parts = {};
    for (const { type, value } of format.formatToParts(new Date(utcMs))) parts[type] = value;
    const local = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
    return Math.round((local - Math.floor(utcMs / 1000) * 1000) / 60000);
  } catch {
    return NaN;
  }
}

/**
 * Defines <agent-kpi-panel> once per page. `mount(host, shadowRoot)` builds a panel in the
 * element's shadow root and returns its handle (push, configure, snapshot, reset, attribute).
 */
export function define_panel_element(mount) {
  if (customElements.get('agent-kpi-panel')) return;
  class AgentKpiPanel extends HTMLElement {
    static get observedAttributes() {
      // storage-key first: it decides whether this tab holds the stream that src names.
      return ['storage-key', 'config', 'locale', 'theme', 'src'];
    }
    constructor() {
      super();
      this.attachShadow({ mode: 'open' });
      this._handle = null;
    }
    _live() {
      if (!this._handle) {
        this._handle = mount(this, this.shadowRoot);
        for (const name of AgentKpiPanel.observedAttributes) {
          if (this.hasAttribute(name)) this._handle.attribute(name, this.getAttribute(name));
        }
      }
      return this._handle;
    }
    connectedCallback() {
      this._live();
    }
    disconnectedCallback() {
      // A move within the page disconnects and reconnects at once: keep the state then.
      queueMicrotask(() => {
        if (!this.isConnected && this._handle) {
          this._handle.free();
          this._handle = null;
        }
      });
    }
    attributeChangedCallback(name, _old, value) {
      if (this._handle) this._handle.attribute(name, value);
    }
    /** One event, an array of events, or a JSON / NDJSON string. */
    push(events) {
      if (Array.isArray(events)) return this._live().push_array(events);
      return this._live().push((typeof events === 'string' ? events : JSON.stringify(events)) ?? '');
    }
    configure(config) {
      return this._live().configure(typeof config === 'string' ? config : JSON.stringify(config));
    }
    snapshot(options) {
      return this._live().snapshot(JSON.stringify(options ?? {}));
    }
    reset() {
      this._live().reset();
    }
  }
  customElements.define('agent-kpi-panel', AgentKpiPanel);
}

/** Writes `text` from UTF-16 unit `from` into `view` as UTF-8; returns `{read, written}`. */
export function encode_utf8_into(text, from, view) {
  return utf8.encodeInto(from ? text.slice(from) : text, view);
}

/**
 * Asks for the Web Lock `name` and calls `onLeading()` once this page holds it: the lock is
 * held until the returned `release()` is called or the page goes, and then passes to the next
 * page that asked. Without Web Locks (an old browser, a page that is not a secure context),
 * every page leads on its own.
 */
export function lead_when_free(name, onLeading) {
  if (!globalThis.navigator?.locks) {
    queueMicrotask(onLeading);
    return () => {};
  }
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const abort = new AbortController();
  navigator.locks
    .request(name, { signal: abort.signal }, () => { onLeading(); return held; })
    .catch(() => {}); // aborted while waiting: this panel went away first
  return () => { abort.abort(); release(); };
}

// Tasks queued through a MessageChannel run after the page has had its chance to draw, without
// the 4 ms that nested setTimeout calls wait.
const taskChannel = new MessageChannel();
const tasks = [];
taskChannel.port1.onmessage = () => tasks.shift()?.();

/** Calls `callback` in a task of its own, soon. */
export function next_task(callback) {
  tasks.push(callback);
  taskChannel.port2.postMessage(null);
}
