/**
 * Every agent's events over WatchEvents, kept per agent and watched again when a test restarts an
 * agent (its stream ended with the process), so a test can ask where a request id was chosen across
 * the whole life of the cluster.
 */
import type { ClusterEvent } from '../../app/model/cluster-event';
import type { ControlClient, EventWatch } from '../../node-agent/kit/client/control-client';

/** One entry a request id was chosen at, as some replica learned it. */
export interface ChosenAt {
  index: number;
  version: number;
}

export class ClusterEvents {
  private readonly events: ClusterEvent[] = [];
  private readonly watches = new Map<string, EventWatch>();

  constructor(private readonly controls: ReadonlyMap<string, ControlClient>) {
    for (const nodeId of controls.keys()) this.watch(nodeId);
  }

  /** (Re)starts watching one agent from its first event, for an agent that was just (re)started. */
  watch(nodeId: string): void {
    this.watches.get(nodeId)?.cancel();
    const control = this.controls.get(nodeId);
    if (!control) throw new Error(`no control client for ${nodeId}`);
    this.watches.set(
      nodeId,
      control.watch(0, (event) => this.events.push(event)),
    );
  }

  all(): readonly ClusterEvent[] {
    return this.events;
  }

  /** The distinct entries of `key` at which `requestId` was chosen, by index: more than one is a second apply. */
  chosen(key: string, requestId: string): ChosenAt[] {
    const byIndex = new Map<number, number>();
    for (const event of this.events) {
      if (event.type !== 'chosen' || event.key !== key || event.requestId !== requestId) continue;
      byIndex.set(event.index ?? -1, event.version);
    }
    return [...byIndex.entries()]
      .map(([index, version]) => ({ index, version }))
      .sort((a, b) => a.index - b.index);
  }

  /** Polls until some event matches; rejects naming `what` after timeoutMs. */
  async waitFor(
    what: string,
    match: (event: ClusterEvent) => boolean,
    timeoutMs = 10_000,
  ): Promise<ClusterEvent> {
    const giveUpMs = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      if (Date.now() > giveUpMs) throw new Error(`no event ${what} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  stop(): void {
    for (const watch of this.watches.values()) watch.cancel();
    this.watches.clear();
  }
}
