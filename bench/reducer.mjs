// A plain-JavaScript KPI reducer, written the way a host team would write one: JSON.parse per
// line, open contacts as objects in a Map, sums per UTC day. It is the benchmark's yardstick
// for the widget's replay speed. It follows the contract's formulas for today's overall
// handled, AHT and its parts, CPH, ASA, answer, abandonment and service-level rates, CSAT, NPS
// and CES, including the implicit endings, and rounds as the widget does. The runner checks
// that both give equal figures before timing either.
//
// What it leaves out (the widget does it, so the comparison favours this reducer): validation,
// duplicate ids, reordering of late events, per-channel and time figures other than staffed
// time, FCR, cases, history beyond day tallies, other time zones than UTC. Events must come in
// `ts` order, and a snapshot is read at or after the last event.

const DAY = 86_400_000;
const HOUR = 3_600_000;
const STAFFED = new Set(['available', 'busy', 'after_contact_work']);

/** Epoch ms of a `ts` or `queued_at` given as a number or an RFC 3339 string. */
const millis = (t) => (typeof t === 'number' ? t : Date.parse(t));

function emptyTally() {
  return {
    handled: 0, talkMs: 0, holdMs: 0, acwMs: 0, staffedMs: 0,
    offered: 0, answered: 0, abandoned: 0, shortAbandoned: 0, answeredInSl: 0,
    asaN: 0, asaWaitMs: 0,
    csatN: 0, csatGood: 0, npsN: 0, npsPromoters: 0, npsDetractors: 0, cesN: 0, cesSum: 0, cesEasy: 0,
  };
}

/**
 * `num / den` rounded to the nearest `1 / scale`, halves away from zero, in exact integer
 * arithmetic (as the widget rounds).
 */
export function roundRatio(num, den, scale) {
  if (den === 0) return 0;
  const n = BigInt(num) * BigInt(scale);
  const d = BigInt(den);
  const r = n >= 0n ? (2n * n + d) / (2n * d) : -((-2n * n + d) / (2n * d));
  return Number(r) / scale;
}

/** A figure of sample `n`: no value where `n` is 0. */
const figure = (n, value) => ({ value: n > 0 ? value() : null, n: Math.max(n, 0) });

export function createReducer({ shortAbandonMs = 5_000, serviceLevelMs = 20_000 } = {}) {
  const days = new Map(); // UTC day number → tally of what is booked in it
  const contacts = new Map(); // contact_id → the open contact
  let state = null; // the agent's state
  let stateSince = null; // agent time is booked up to here

  const tally = (ts) => {
    const day = Math.floor(ts / DAY);
    let t = days.get(day);
    if (!t) days.set(day, (t = emptyTally()));
    return t;
  };

  /** Books staffed time from `stateSince` to `to`, split at UTC midnights. */
  function bookTime(to) {
    if (stateSince !== null && STAFFED.has(state)) {
      for (let from = stateSince; from < to; ) {
        const end = Math.min(to, (Math.floor(from / DAY) + 1) * DAY);
        tally(from).staffedMs += end - from;
        from = end;
      }
    }
    if (stateSince === null || to > stateSince) stateSince = to;
  }

  function endConversation(c, ts) {
    if (c.holdSince !== null) {
      c.holdMs += Math.max(0, ts - c.holdSince);
      c.holdSince = null;
    }
    c.endedAt = ts;
    c.phase = 'acw';
  }

  /** The contact's after-contact work ends at `ts`: it is handled, booked now. */
  function complete(id, c, ts) {
    const t = tally(ts);
    t.handled += 1;
    t.talkMs += Math.max(0, c.endedAt - c.answeredAt - c.holdMs);
    t.holdMs += c.holdMs;
    t.acwMs += Math.max(0, ts - c.endedAt);
    contacts.delete(id);
  }

  function completeAllAfterWork(ts) {
    for (const [id, c] of contacts) if (c.phase === 'acw') complete(id, c, ts);
  }

  /** The open contact `id` if it is in one of `phases`. */
  function open(id, ...phases) {
    const c = contacts.get(id);
    return c && phases.includes(c.phase) ? c : undefined;
  }

  /** Takes one parsed event. */
  function push(e) {
    const ts = millis(e.ts);
    bookTime(ts);
    let c;
    switch (e.type) {
      case 'contact_offered': {
        const existing = contacts.get(e.contact_id);
        if (existing && existing.phase !== 'offered') break; // already answered: ignored
        const waitingSince = e.queued_at === undefined ? ts : Math.min(millis(e.queued_at), ts);
        contacts.set(e.contact_id, {
          channel: e.channel, phase: 'offered', offeredAt: ts, waitingSince,
          answeredAt: 0, holdSince: null, holdMs: 0, endedAt: 0,
        });
        tally(ts).offered += 1;
        break;
      }
      case 'contact_answered': {
        if (!(c = open(e.contact_id, 'offered'))) break;
        // Implicit endings: a voice answer ends other voice conversations, and any answer ends
        // the after-contact work of the contacts before it.
        if (c.channel === 'voice') {
          for (const other of contacts.values()) {
            if (other.phase === 'talk' && other.channel === 'voice') endConversation(other, ts);
          }
        }
        completeAllAfterWork(ts);
        c.phase = 'talk';
        c.answeredAt = ts;
        const wait = Math.max(0, ts - c.waitingSince);
        const atOffer = tally(c.offeredAt);
        atOffer.answered += 1;
        if (wait <= serviceLevelMs) atOffer.answeredInSl += 1;
        const atAnswer = tally(ts);
        atAnswer.asaN += 1;
        atAnswer.asaWaitMs += wait;
        break;
      }
      case 'contact_missed':
        if (open(e.contact_id, 'offered')) contacts.delete(e.contact_id);
        break;
      case 'contact_abandoned': {
        if (!(c = open(e.contact_id, 'offered'))) break;
        const t = tally(c.offeredAt);
        t.abandoned += 1;
        if (ts - c.offeredAt <= shortAbandonMs) t.shortAbandoned += 1;
        contacts.delete(e.contact_id);
        break;
      }
      case 'hold_started':
        if ((c = open(e.contact_id, 'talk')) && c.holdSince === null) c.holdSince = ts;
        break;
      case 'hold_ended':
        if ((c = open(e.contact_id, 'talk')) && c.holdSince !== null) {
          c.holdMs += Math.max(0, ts - c.holdSince);
          c.holdSince = null;
        }
        break;
      case 'contact_transferred':
      case 'contact_ended':
        if ((c = open(e.contact_id, 'talk'))) endConversation(c, ts);
        break;
      case 'wrap_up_ended':
        if (!(c = open(e.contact_id, 'talk', 'acw'))) break;
        if (c.phase === 'talk') endConversation(c, ts);
        complete(e.contact_id, c, ts);
        break;
      case 'agent_state':
        if (e.state === 'offline') {
          for (const other of contacts.values()) if (other.phase === 'talk') endConversation(other, ts);
        }
        if (e.state === 'available' || e.state === 'offline') completeAllAfterWork(ts);
        state = e.state;
        break;
      case 'survey': {
        const t = tally(ts);
        if (e.csat !== undefined) {
          t.csatN += 1;
          if (e.csat >= 4) t.csatGood += 1;
        }
        if (e.nps !== undefined) {
          t.npsN += 1;
          if (e.nps >= 9) t.npsPromoters += 1;
          if (e.nps <= 6) t.npsDetractors += 1;
        }
        if (e.ces !== undefined) {
          t.cesN += 1;
          t.cesSum += e.ces;
          if (e.ces >= 5) t.cesEasy += 1;
        }
        break;
      }
      default: // cases, baselines, unknown types: no figure here depends on them
    }
  }

  /** Today's overall figures (UTC day of `asOf`), as the widget's snapshot `kpis` gives them. */
  function snapshot(asOf) {
    const t = { ...(days.get(Math.floor(asOf / DAY)) ?? emptyTally()) };
    // The agent's time since the last event, in the state held now.
    if (stateSince !== null && STAFFED.has(state)) {
      t.staffedMs += Math.max(0, asOf - Math.max(stateSince, Math.floor(asOf / DAY) * DAY));
    }
    const seconds = (ms) => figure(t.handled, () => roundRatio(ms, t.handled * 1000, 10));
    const offeredNet = t.offered - t.shortAbandoned;
    const slBase = t.answered + t.abandoned - t.shortAbandoned;
    return {
      handled: figure(t.handled, () => t.handled),
      aht: seconds(t.talkMs + t.holdMs + t.acwMs),
      talk: seconds(t.talkMs),
      hold: seconds(t.holdMs),
      acw: seconds(t.acwMs),
      cph: figure(t.staffedMs > 0 ? t.handled : 0, () => roundRatio(t.handled * HOUR, t.staffedMs, 100)),
      asa: figure(t.asaN, () => roundRatio(t.asaWaitMs, t.asaN * 1000, 10)),
      answer_rate: figure(offeredNet, () => roundRatio(t.answered, offeredNet, 10_000)),
      abandon_rate: figure(offeredNet, () => roundRatio(t.abandoned - t.shortAbandoned, offeredNet, 10_000)),
      service_level: figure(slBase, () => roundRatio(t.answeredInSl, slBase, 10_000)),
      csat: figure(t.csatN, () => roundRatio(t.csatGood, t.csatN, 10_000)),
      nps: figure(t.npsN, () => roundRatio((t.npsPromoters - t.npsDetractors) * 100, t.npsN, 10)),
      ces: figure(t.cesN, () => roundRatio(t.cesSum, t.cesN, 100)),
    };
  }

  return { push, snapshot };
}
