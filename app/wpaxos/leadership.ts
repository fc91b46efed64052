/**
 * What the console's leader badge and grid learn from WPaxos's steps: a successful steal names the
 * object's new leader, with its ballot as the "view" (the console keeps the highest per object). Keys
 * longer than the event schema's group field say nothing here; their steps still show in the timeline.
 */
import type { Leadership } from '../protocol/replicated-log';
import type { WPaxosEvent } from './types';

const groupCharsMax = 64;

export function wPaxosLeadershipOf(event: WPaxosEvent): Leadership | null {
  if (event.type !== 'stole' || event.key.length > groupCharsMax) return null;
  return { group: event.key, view: event.ballot, leader: event.leader };
}
