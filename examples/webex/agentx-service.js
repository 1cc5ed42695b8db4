// A stand-in for the Webex Agent Desktop around a widget, so that the real `@wxcc-desktop/sdk`
// runs with no Webex cloud: the SDK reads the page's global AGENTX_SERVICE (the Desktop's
// services) and listens to its signals. Here that global is a Proxy whose every `aqm.*.eX` is a
// signal `{listen, listenOnce, send}`; `send()` plays a recorded message into the SDK, which hands
// it to the widget's listeners as the Desktop would. Shared by this example page and
// tests/adapters/webex.test.mjs; the recording is tests/adapters/fixtures/webex-session.json.

/**
 * A fake AGENTX_SERVICE: `profile` is the agent's profile at page load, `agent` what the
 * platform answers to the SDK's `aqm.agent.reload()` (the agent's state after a console reload),
 * `tasks` the interactions in the Desktop's task map (`Desktop.actions.getTaskMap()`).
 * Returns `{ service, send(path, msg) }`, `path` like `aqm.contact.eAgentOfferContact`.
 */
export function agentxService({ profile, agent, tasks = [] } = {}) {
  const signals = new Map();
  const signal = (path) => {
    if (!signals.has(path)) {
      const listeners = new Set();
      signals.set(path, {
        listen(cb) {
          listeners.add(cb);
          return { stopListen: () => listeners.delete(cb) };
        },
        listenOnce(cb) {
          const once = (msg) => {
            listeners.delete(once);
            cb(msg);
          };
          listeners.add(once);
          return { stopListenOnce: () => listeners.delete(once) };
        },
        send(msg) {
          for (const cb of [...listeners]) cb(msg);
        },
      });
    }
    return signals.get(path);
  };

  // The Desktop's request/response channels (`actions.*`): only the task map is answered.
  const destinations = new Map();
  const destination = (name) => {
    if (!destinations.has(name)) destinations.set(name, new Set());
    return destinations.get(name);
  };
  const actionsChannels = {
    createSource: (name) => ({
      send(...args) {
        if (name !== 'getTaskMap/Req') return;
        const [reqId] = args;
        const map = new Map(tasks.map((task) => [task.interactionId, task]));
        queueMicrotask(() => {
          for (const cb of [...destination('getTaskMap/Res')]) cb({ args: [map, reqId] });
        });
      },
    }),
    createDestination: (name) => ({
      addListener: (cb) => destination(name).add(cb),
      removeListener: (cb) => destination(name).delete(cb),
    }),
  };

  // Everything else the SDK touches is made up on first use: objects whose `eX` members are
  // signals and whose other members are functions returning nothing. The `has` trap answers
  // yes, as the SDK checks `eventName in entity` and `'listen' in entity[eventName]`.
  const auto = (path, base) =>
    new Proxy(base, {
      has: () => true,
      get(own, key) {
        if (typeof key === 'symbol' || key === 'then' || key === 'toJSON') return own[key];
        if (!(key in own)) {
          own[key] = /^e[A-Z]/.test(key) ? signal(`${path}.${key}`) : auto(`${path}.${key}`, function made() {});
        }
        return own[key];
      },
    });
  const service = auto('', {
    isInited: true,
    conf: auto('conf', { profile, isReloginSuccess: agent !== undefined }),
    actionsChannels,
    aqm: auto('aqm', {
      agent: auto('aqm.agent', { reload: async () => (agent ? { data: agent } : undefined) }),
    }),
  });
  return { service, send: (path, msg) => signal(path).send(msg) };
}

/**
 * Plays a recorded session through the real SDK into `attach(Desktop)` (which returns a
 * detach function). `loadDesktop()` loads a fresh copy of the SDK and resolves to its `Desktop`
 * (a reloaded console runs a new copy); AGENTX_SERVICE is set on the global object before each
 * load, as the Desktop does. While a step plays, `Date.now()` is the step's recorded arrival time,
 * so that what the adapter stamps with the arrival time gets the time it had in the recording.
 * With `reload: false` the console reload and the replay after it are left out.
 * Resolves to the last detach function.
 */
export async function play(session, { loadDesktop, attach, reload = true, onStep = () => {} }) {
  const realNow = Date.now;
  let clock = session.start;
  Date.now = () => clock;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  let host;
  let detach;
  const open = async (setup) => {
    host = agentxService(setup);
    globalThis.AGENTX_SERVICE = host.service;
    const Desktop = await loadDesktop();
    await Desktop.config.init({ widgetName: 'agent-kpi', widgetProvider: 'agent-kpi' });
    detach = attach(Desktop);
    await settle();
  };
  try {
    await open({ profile: session.profile });
    for (const step of session.steps) {
      if (!reload && (step.reload || step.replay)) continue;
      clock = step.at;
      if (step.reload) {
        // The page goes away without a word (no detach), and a new one starts.
        await open(step.reload);
      } else {
        host.send(step.send, step.msg);
        await settle();
      }
      onStep(step);
    }
  } finally {
    Date.now = realNow;
  }
  return detach;
}

/** The session moved in time by `delta` ms (every arrival and every epoch-ms field). */
export function shifted(session, delta) {
  const TIMES = /^(at|start|eventTime|createdTimestamp|queuedTimestamp|joinTimestamp|wrapUpTimestamp|holdTimestamp|lastStateChangeTimestamp|lastIdleCodeChangeTimestamp)$/;
  return JSON.parse(JSON.stringify(session), (key, value) =>
    TIMES.test(key) && typeof value === 'number' ? value + delta : value);
}
