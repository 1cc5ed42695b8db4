// Uses of the packaged widget that its types must refuse: each line after `@ts-expect-error`
// has to be an error, or `tsc` fails ("unused directive"). A test of the types themselves.
import ready, { type Config, type KpiEvent } from 'agent-kpi';
import { attach as attachConnect } from 'agent-kpi/adapters/amazon-connect.js';
import { attach as attachGenesys } from 'agent-kpi/adapters/genesys.js';
import { attachOmni, teeVoice } from 'agent-kpi/adapters/salesforce.js';
import { attach as attachTwilio } from 'agent-kpi/adapters/twilio.js';
import { attach as attachWebex } from 'agent-kpi/adapters/webex.js';

await ready;
const panel = document.querySelector('agent-kpi-panel');
if (panel) {
  // @ts-expect-error: an event without its `contact_id`.
  panel.push({ id: 'e', ts: 1, type: 'contact_answered' });
  // @ts-expect-error: a type the contract does not have.
  panel.push({ id: 'e', ts: 1, type: 'contact_teleported', contact_id: 'c' });
  // @ts-expect-error: a channel the contract does not have.
  const offered: KpiEvent = { id: 'e', ts: 1, type: 'contact_offered', contact_id: 'c', channel: 'fax' };
  // @ts-expect-error: a KPI id that does not exist.
  const config: Config = { kpis: ['aht', 'happiness'] };
  // @ts-expect-error: a window that does not exist.
  panel.snapshot({ window: 'yesterday' });
  panel.addEventListener('kpi-alert', (event) => {
    // @ts-expect-error: an alert's KPI is an id, not a number.
    const kpi: number = event.detail.kpi;
    console.log(kpi);
  });
  // @ts-expect-error: a survey about both a contact and a case.
  panel.push({ id: 's', ts: 1, type: 'survey', contact_id: 'c', case_id: 'k', csat: 5 });
  // @ts-expect-error: the snapshot's figures are not a string.
  const text: string = panel.snapshot().kpis;
  console.log(offered, config, text);

  // @ts-expect-error: the Genesys adapter needs the agent's user id.
  attachGenesys({ notifications: {} }, panel, { resolvedCodes: ['Solved'] });
  // @ts-expect-error: a state the contract does not have.
  attachTwilio({}, panel, { states: { Lunch: 'lunch' } });
  // @ts-expect-error: a channel the contract does not have.
  attachOmni(window, panel, { channels: { '0XX': 'fax' } });
  // @ts-expect-error: an unanswered call is missed, abandoned or withdrawn.
  teeVoice(window, panel, { hangupReasons: { timeout: 'dropped' } });
  // @ts-expect-error: an option the Webex adapter does not read.
  attachWebex({}, panel, { onError: () => {} });
  // @ts-expect-error: a target must take events by push.
  attachConnect({}, { send: () => {} });
}
