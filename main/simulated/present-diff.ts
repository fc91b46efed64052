/**
 * What the console must change when a simulated run's present is replaced (a step back, forward or a
 * branch switch): not the whole new present, only what differs from the events it already shows. The
 * events it holds that the new present also holds, from the oldest on, stay; the newest after them go;
 * the new present's events it does not hold follow. An event is known by its node and its stream
 * number, which a stream never reuses (node-event-stream.ts), so the same event on two branches (their
 * shared past) is recognised as the same.
 */
import { rewindDropMax } from '../../app/contract/console-state';
import type { ClusterEvent } from '../../app/model/cluster-event';

export interface PresentDiff {
  /** How many of the newest events shown go. */
  dropped: number;
  /** The new present's events that follow, oldest first. */
  events: ClusterEvent[];
}

/** Each node's event numbers in `events`, for telling quickly whether an event is among them. */
function numbersByNode(events: readonly ClusterEvent[]): Map<string, Set<number>> {
  const numbers = new Map<string, Set<number>>();
  for (const event of events) {
    const seen = numbers.get(event.agent);
    if (seen) seen.add(event.seq);
    else numbers.set(event.agent, new Set([event.seq]));
  }
  return numbers;
}

const among = (numbers: Map<string, Set<number>>, event: ClusterEvent) =>
  numbers.get(event.agent)?.has(event.seq) ?? false;

/**
 * The change from `shown` (the console's events, oldest first) to `present`, or null when sending the
 * present whole is the better move: nothing shown is kept, or more would go than a rewind may drop.
 */
export function presentDiff(
  shown: readonly ClusterEvent[],
  present: readonly ClusterEvent[],
): PresentDiff | null {
  const inPresent = numbersByNode(present);
  let kept = 0;
  while (kept < shown.length && among(inPresent, shown[kept]!)) kept += 1;
  const dropped = shown.length - kept;
  if ((kept === 0 && shown.length > 0) || dropped > rewindDropMax) return null;
  const keptNumbers = numbersByNode(shown.slice(0, kept));
  return { dropped, events: present.filter((event) => !among(keptNumbers, event)) };
}
