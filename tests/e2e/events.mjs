// A morning of one agent's events (a state change, then twelve contacts on voice and chat),
// shared by the end-to-end tests that compare runs.
export const T0 = Date.parse('2026-11-23T09:00:00Z');
export const at = (minutes) => T0 + minutes * 60_000;

export const morning = [{ id: 's', ts: at(0), type: 'agent_state', state: 'available' }];
for (let i = 0; i < 12; i += 1) {
  const id = `c${i}`;
  const start = 5 + i * 9;
  morning.push(
    { id: `${id}-o`, ts: at(start), type: 'contact_offered', contact_id: id, channel: i % 3 ? 'voice' : 'chat', customer_key: `k${i % 5}` },
    { id: `${id}-a`, ts: at(start + 0.5), type: 'contact_answered', contact_id: id },
    { id: `${id}-e`, ts: at(start + 5), type: 'contact_ended', contact_id: id, resolved: true },
    { id: `${id}-w`, ts: at(start + 6), type: 'wrap_up_ended', contact_id: id },
  );
}
