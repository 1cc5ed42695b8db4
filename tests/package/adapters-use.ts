// A typed host wiring each vendor adapter from the installed package, as a console's page would:
// `tsc --strict` must accept it as written (wrong-use.ts holds what it must refuse), and esbuild
// must resolve every adapter through the package's exports. Type-checked and bundled, not run:
// tests/adapters drives each adapter against its vendor's real SDK.
import type { AgentKpiPanel, KpiEvent } from 'agent-kpi';
import { attach as attachConnect, DEFAULT_STATES as CONNECT_STATES } from 'agent-kpi/adapters/amazon-connect.js';
import { attach as attachTwilio, DEFAULT_CHANNELS } from 'agent-kpi/adapters/twilio.js';
import { attach as attachGenesys, attachEmbeddable } from 'agent-kpi/adapters/genesys.js';
import { attach as attachWebex } from 'agent-kpi/adapters/webex.js';
import { attachOmni, teeVoice } from 'agent-kpi/adapters/salesforce.js';
import { eventId, millis, sinkOf, type AdapterTarget, type Detach } from 'agent-kpi/adapters/common.js';

declare const connect: object;
declare const worker: object;
declare const flexActions: { addListener(name: string, fn: (payload: unknown) => void): void; removeListener(name: string, fn: (payload: unknown) => void): void };
declare const streamingClient: { notifications: object };
declare const Desktop: object;
declare const omniBridge: EventTarget;
interface Task { sid: string; attributes: { customer?: string } }

export function wire(panel: AgentKpiPanel): Detach[] {
  // A host forwarding to the iframe is a target as good as the element.
  const frame: AdapterTarget = { push: (events: KpiEvent[]) => events.length };
  const hashed = (text: string) => `h:${text}`;
  return [
    attachConnect(connect, panel, {
      states: { ...CONNECT_STATES, Lunch: 'break', Coaching: 'training' },
      resolvedCodes: ['Resolved'],
      disposition: 'wrapUpCode',
      customerKey: (contact) => hashed(String(contact.getContactId())),
      onError: (error) => console.warn(error),
    }),
    attachTwilio(worker, frame, {
      channels: { ...DEFAULT_CHANNELS, whatsapp: 'messaging' },
      // The host's own type for the SDK's task is welcome.
      customerKey: (task: Task) => task.attributes.customer,
      abandonReasons: ['hangup', 'timeout'],
      actions: flexActions,
      now: () => Date.now(),
    }),
    attachGenesys(streamingClient, panel, {
      userId: 'agent-user-id',
      names: { 'queue-id': 'Billing' },
      current: { conversations: { entities: [] }, routingStatus: { status: 'IDLE' } },
    }),
    attachEmbeddable(window, panel, { origins: ['https://apps.mypurecloud.com'], resolvedCodes: ['Solved'] }),
    attachWebex(Desktop, panel, { storage: null, queuedAt: (data) => millis(data.interaction?.queuedTimestamp) }),
    attachOmni(omniBridge, panel, { voice: false, customerKey: (item) => (item.channel === 'chat' ? item.workItemId : undefined) }),
    teeVoice(window, panel, { hangupReasons: { 'caller hung up': 'abandoned' } }),
  ];
}

// A host's own adapter for another platform, on the shared helpers.
export function myPlatform(panel: AgentKpiPanel): (offer: { id: string; at: string }) => void {
  const push = sinkOf(panel);
  return (offer) => push([{ id: eventId('mine', 'offer', offer.id), ts: millis(offer.at) ?? Date.now(), type: 'contact_offered', contact_id: offer.id, channel: 'chat' }]);
}
