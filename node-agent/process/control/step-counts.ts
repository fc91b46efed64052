/**
 * What an agent's core did since the agent started, whatever its protocol: how many of each core event
 * type it emitted. Every ProtocolCore names its steps as events (PaxosKV's chosen, QuorumKV's
 * quorumWrite, multi-Paxos's slotChosen), so counting them needs nothing from the protocol and a new
 * protocol's steps are counted as soon as it emits them. GetStatus answers them as `steps`.
 */
export class StepCounts {
  private readonly counts: Map<string, number>;

  /** `from`: counts already made (a simulated node's, put back after a step back). */
  constructor(from: Readonly<Record<string, number>> = {}) {
    this.counts = new Map(Object.entries(from));
  }

  /** Counts the events of one released Ready. */
  count(events: readonly { type: string }[]): void {
    for (const { type } of events) this.counts.set(type, (this.counts.get(type) ?? 0) + 1);
  }

  /** The counts by event type, in the order each type first happened. */
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}
