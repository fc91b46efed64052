/** Records every event of every agent from seq 0 over WatchEvents, for assertions across agents. */
import type { ClusterEvent } from '../../../app/model/cluster-event';
import type { ControlClient, EventWatch } from '../../../node-agent/kit/client/control-client';

export class EventRecorder {
  readonly byAgent = new Map<string, ClusterEvent[]>();
  private readonly watches: EventWatch[] = [];

  constructor(clients: ReadonlyMap<string, ControlClient>) {
    for (const [node, client] of clients) {
      const events: ClusterEvent[] = [];
      this.byAgent.set(node, events);
      this.watches.push(client.watch(0, (event) => events.push(event)));
    }
  }

  of(node: string): ClusterEvent[] {
    return this.byAgent.get(node) ?? [];
  }

  all(): ClusterEvent[] {
    return [...this.byAgent.values()].flat();
  }

  /** Polls until some recorded event matches; rejects naming `what` after timeoutMs. */
  async waitFor(
    what: string,
    match: (event: ClusterEvent) => boolean,
    timeoutMs = 10_000,
  ): Promise<ClusterEvent> {
    const deadlineMs = Date.now() + timeoutMs;
    while (Date.now() < deadlineMs) {
      const found = this.all().find(match);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no event ${what} within ${timeoutMs} ms`);
  }

  stop(): void {
    for (const watch of this.watches) watch.cancel();
  }
}

/**
 * Checks what a watcher relies on and returns how many events were reported lost: seq rises by one
 * from event to event, except across eventsDropped, which covers exactly the seqs it skips.
 */
export function lostEvents(events: readonly ClusterEvent[], fromSeq = 0): number {
  let expected = fromSeq + 1;
  let lost = 0;
  for (const event of events) {
    const first = event.type === 'eventsDropped' ? event.seq - event.count + 1 : event.seq;
    if (first !== expected) {
      throw new Error(`${event.agent}: expected seq ${expected}, got ${event.type} at ${event.seq}`);
    }
    if (event.type === 'eventsDropped') lost += event.count;
    expected = event.seq + 1;
  }
  return lost;
}
