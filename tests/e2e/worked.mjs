// Events of a stretch of an agent's work up to now, for the end-to-end tests, the screenshots
// and the idle benchmark: available from the start, a contact every nine minutes (voice and
// chat in turn), each answered 5 s after its offer, ended 6 minutes in and wrapped up a minute
// later.

/** `contacts` contacts over the last `minutes` minutes before `now`. */
export function workedStretch(contacts, minutes = 60, now = Date.now()) {
  const at = (minute) => now - (minutes - minute) * 60_000;
  const events = [{ id: 's', ts: at(0), type: 'agent_state', state: 'available' }];
  for (let i = 0; i < contacts; i += 1) {
    const id = `c${i}`;
    events.push(
      { id: `${id}-o`, ts: at(i * 9), type: 'contact_offered', contact_id: id, channel: i % 2 ? 'chat' : 'voice' },
      { id: `${id}-a`, ts: at(i * 9) + 5_000, type: 'contact_answered', contact_id: id },
      { id: `${id}-e`, ts: at(i * 9 + 6), type: 'contact_ended', contact_id: id },
      { id: `${id}-w`, ts: at(i * 9 + 7), type: 'wrap_up_ended', contact_id: id, resolved: true },
    );
  }
  return events;
}
