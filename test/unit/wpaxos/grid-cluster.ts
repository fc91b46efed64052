/**
 * Six WPaxos cores wired by hand, with F chosen per test: messages wait in one list until `run` delivers
 * them (a link the test cut loses them); time moves only when a test ticks it.
 */
import { defaultCoreConfig } from '../../../app/paxos';
import type { ClientReply, ClientRequest, NodeId, PlacementGroup } from '../../../app/paxos/types';
import {
  wPaxos,
  type WPaxosEvent,
  type WPaxosMessage,
  type WPaxosNodeState,
  type WPaxosRecord,
} from '../../../app/wpaxos';

/** Zone 1 = n0, n3; zone 2 = n1, n4; zone 3 = n2, n5 (member m sits in zone m mod 3). */
export const members: NodeId[] = ['n0', 'n1', 'n2', 'n3', 'n4', 'n5'];
export const groups: PlacementGroup[] = [{ id: 'g1', members }];

export const put = (requestId: string, key: string, value: string): ClientRequest => ({
  requestId,
  operation: { kind: 'put', key, value: new TextEncoder().encode(value) },
});

export class GridCluster {
  readonly states = new Map<NodeId, WPaxosNodeState>();
  inFlight: WPaxosMessage[] = [];
  readonly replies: { node: NodeId; reply: ClientReply }[] = [];
  readonly events: { node: NodeId; event: WPaxosEvent }[] = [];
  /** Each node's records by key, as its Readies wrote them (every write kept: no crash loses any). */
  readonly disks = new Map<NodeId, Map<string, WPaxosRecord>>();
  /** Nodes whose messages, in and out, are lost. */
  readonly down = new Set<NodeId>();
  nowMs = 0;

  constructor(private readonly zoneFailures: number) {
    for (const [i, self] of members.entries()) {
      this.states.set(self, wPaxos.createNode(this.configOf(self), { seed: i + 1 }));
      this.disks.set(self, new Map());
    }
  }

  private configOf(self: NodeId) {
    return { ...defaultCoreConfig(self, groups), zoneFailures: this.zoneFailures };
  }

  /** Starts `node` again from the records on its disk, as after a crash. */
  restart(node: NodeId): void {
    const records = [...this.disks.get(node)!.values()].map(wPaxos.copyRecord);
    this.states.set(node, wPaxos.createNode(this.configOf(node), { seed: 99, records, nowMs: this.nowMs }));
  }

  private step(node: NodeId, input: Parameters<typeof wPaxos.step>[1]): void {
    const { state, ready } = wPaxos.step(this.states.get(node)!, input);
    this.states.set(node, state);
    for (const { key, record } of ready.persist) this.disks.get(node)!.set(key, wPaxos.copyRecord(record));
    this.inFlight.push(...ready.messages);
    for (const reply of ready.replies) this.replies.push({ node, reply });
    for (const event of ready.events) this.events.push({ node, event });
  }

  client(node: NodeId, request: ClientRequest): void {
    this.step(node, { kind: 'client', request });
  }

  /** Delivers messages (and those they cause) until none is left, ticking `tickMs` between rounds. */
  run(rounds = 50, tickMs = 10): void {
    for (let round = 0; round < rounds; round++) {
      while (this.inFlight.length > 0) {
        const message = this.inFlight.shift()!;
        if (this.down.has(message.from) || this.down.has(message.to)) continue;
        this.step(message.to, { kind: 'receive', message });
      }
      this.nowMs += tickMs;
      for (const node of members)
        if (!this.down.has(node)) this.step(node, { kind: 'tick', nowMs: this.nowMs });
    }
  }

  reply(requestId: string): ClientReply | undefined {
    return this.replies.find(({ reply }) => reply.requestId === requestId)?.reply;
  }

  eventsOf<T extends WPaxosEvent['type']>(
    type: T,
  ): { node: NodeId; event: Extract<WPaxosEvent, { type: T }> }[] {
    return this.events.filter((entry) => entry.event.type === type) as {
      node: NodeId;
      event: Extract<WPaxosEvent, { type: T }>;
    }[];
  }
}
