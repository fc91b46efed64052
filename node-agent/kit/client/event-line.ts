/** One readable line per cluster event, for `npm run ctl -- watch`. */
import type { ClusterEvent } from '../../../app/model/cluster-event';
import { formatBallot } from '../../../app/paxos/ballot';
import type { Ballot } from '../../../app/paxos/types';

const envelopeFields = new Set(['agent', 'seq', 'timeMs', 'type', 'key', 'index', 'ballot']);
/** Shown as `type id → peer` up front, for the transport events about one peer message. */
const messageFields = new Set(['messageId', 'messageType', 'peer']);

function clock(timeMs: number): string {
  return new Date(timeMs).toISOString().slice(11, 23);
}

function value(field: unknown): string {
  return typeof field === 'string' ? field : JSON.stringify(field);
}

/** For example "12:00:01.234 n0 #42 messageSent accept n0:17 → n2 key=k index=3 ballot=b(1,2)". */
export function eventLine(event: ClusterEvent): string {
  const parts = [clock(event.timeMs), event.agent, `#${event.seq}`, event.type];
  const aboutMessage = 'messageId' in event;
  if (aboutMessage) {
    const arrow = event.type === 'messageReceived' ? '←' : '→';
    parts.push(event.messageType, event.messageId, arrow, event.peer);
  }
  if (event.key !== undefined) parts.push(`key=${event.key}`);
  if (event.index !== undefined) parts.push(`index=${event.index}`);
  if (event.ballot !== undefined) parts.push(`ballot=${formatBallot(event.ballot)}`);
  for (const [name, field] of Object.entries(event)) {
    if (envelopeFields.has(name) || (aboutMessage && messageFields.has(name))) continue;
    parts.push(`${name}=${name === 'by' ? formatBallot(field as Ballot) : value(field)}`);
  }
  return parts.join(' ');
}
