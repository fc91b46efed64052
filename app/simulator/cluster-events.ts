/**
 * The simulation as the console sees real agents: an observer that turns every simulated step into
 * the shared ClusterEvent stream (per-agent sequence numbers, simulated time), so the classroom mode
 * can feed the same views as a live cluster. Sends, gate actions and drops are the sender's events;
 * a delivery is the receiver's.
 */
import type { ClusterEvent, ClusterEventBody } from '../model/cluster-event';
import type { FaultChange } from '../model/fault-model';
import { describeFault } from '../model/fault-description';
import type { EventStamp } from '../model/from-core-event';
import { eventLifterFor } from '../model/from-protocol-event';
import { peerMessageFields } from '../model/peer-message-fields';
import type { NodeId } from '../paxos/types';
import type { ProtocolName } from '../protocol/protocol';
import type { AnyInput, AnyReady, AnyRecord } from '../protocol/registry';
import type { DropReason, WireMessage } from './sim-network';
import type { LifecycleChange, SimObserver } from './sim-observer';

type Located = Pick<ClusterEvent, 'key' | 'index' | 'ballot'>;
/** A transport event's own fields, beside those peerMessageFields gives every one. */
type MessageEventOwn = ClusterEventBody extends infer Body
  ? Body extends { messageId: string }
    ? Omit<Body, 'messageId' | 'messageType' | 'peer'>
    : never
  : never;

/** Emits ClusterEvents to `sink` as the simulation runs; `nodes` are the cluster's node ids. */
export function createClusterEventRecorder(
  nodes: readonly NodeId[],
  sink: (event: ClusterEvent) => void,
  protocol: ProtocolName = 'paxoskv',
): SimObserver {
  // The agent's own lifting, so a simulated step of any protocol reads as a real one does.
  const lift = eventLifterFor(protocol);
  const lastSeq = new Map<NodeId, number>();
  const stamp = (agent: NodeId, timeMs: number): EventStamp => {
    const seq = (lastSeq.get(agent) ?? 0) + 1;
    lastSeq.set(agent, seq);
    return { agent, seq, timeMs };
  };
  const emit = (agent: NodeId, timeMs: number, body: ClusterEventBody & Located) =>
    sink({ ...stamp(agent, timeMs), ...body } as ClusterEvent);
  const fromSender = (timeMs: number, wire: WireMessage, own: MessageEventOwn) => {
    emit(wire.message.from, timeMs, {
      ...peerMessageFields(wire.message, wire.message.to),
      ...own,
    } as ClusterEventBody & Located);
  };
  return {
    onStep(nowMs: number, node: NodeId, _input: AnyInput, ready: AnyReady) {
      for (const event of ready.events) sink(lift(stamp(node, nowMs), event));
    },
    onDurable(nowMs: number, node: NodeId, records: readonly AnyRecord[]) {
      emit(node, nowMs, {
        type: 'plogWritten',
        keys: records.map((record) => record.key),
        synced: true,
        durationMs: 0,
      });
    },
    onSend(nowMs: number, wire: WireMessage) {
      fromSender(nowMs, wire, { type: wire.duplicateOf === null ? 'messageSent' : 'messageDuplicated' });
      if (wire.held) fromSender(nowMs, wire, { type: 'messageHeld' });
      if (wire.dropped) fromSender(nowMs, wire, { type: 'messageDropped', reason: wire.dropped });
    },
    onDeliver(nowMs: number, wire: WireMessage) {
      emit(wire.message.to, nowMs, {
        ...peerMessageFields(wire.message, wire.message.from),
        type: 'messageReceived',
      });
    },
    onDrop(nowMs: number, wire: WireMessage, reason: DropReason) {
      fromSender(nowMs, wire, { type: 'messageDropped', reason });
    },
    onFault(nowMs: number, change: FaultChange) {
      if (change.kind === 'pause' || change.kind === 'resume') {
        emit(change.node, nowMs, { type: change.kind === 'pause' ? 'nodePaused' : 'nodeResumed' });
      }
      // The console sends a fault to every agent's gate, so every node reports it.
      for (const node of nodes)
        emit(node, nowMs, { type: 'faultApplied', description: describeFault(change) });
    },
    onLifecycle(nowMs: number, node: NodeId, change: LifecycleChange) {
      if (change.kind === 'start')
        emit(node, nowMs, { type: 'nodeStarted', learnerOnly: change.learnerOnly });
      else
        emit(node, nowMs, {
          type: 'nodeStopped',
          reason: change.afterPersist ? 'crashed after a persist' : 'crashed',
        });
    },
  };
}
