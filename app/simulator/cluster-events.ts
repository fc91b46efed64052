/**
 * The simulation as the console sees real agents: an observer that turns every simulated step into
 * the shared ClusterEvent stream (per-agent sequence numbers, simulated time), so the classroom mode
 * can feed the same views as a live cluster. Sends, gate actions and drops are the sender's events;
 * a delivery is the receiver's.
 */
import type { ClusterEvent, ClusterEventBody } from '../model/cluster-event';
import type { FaultChange } from '../model/fault-model';
import { fromCoreEvent } from '../model/from-core-event';
import type { CoreInput, KeyRecord, NodeId, PeerMessage, Ready } from '../paxos/types';
import type { DropReason, WireMessage } from './sim-network';
import type { LifecycleChange, SimObserver } from './sim-observer';
import { formatFault } from './trace';

type Located = Pick<ClusterEvent, 'key' | 'index' | 'ballot'>;

function messageFields(message: PeerMessage, peer: NodeId) {
  const where: Located = { key: message.key, index: message.index };
  if ('ballot' in message) where.ballot = { ...message.ballot };
  return { ...where, messageId: message.id, messageType: message.type, peer };
}

/** Emits ClusterEvents to `sink` as the simulation runs; `nodes` are the cluster's node ids. */
export function createClusterEventRecorder(
  nodes: readonly NodeId[],
  sink: (event: ClusterEvent) => void,
): SimObserver {
  const nextSeq = new Map<NodeId, number>();
  const emit = (agent: NodeId, timeMs: number, body: ClusterEventBody & Located) => {
    const seq = (nextSeq.get(agent) ?? 0) + 1;
    nextSeq.set(agent, seq);
    sink({ agent, seq, timeMs, ...body } as ClusterEvent);
  };
  const fromSender = (timeMs: number, wire: WireMessage, body: Record<string, unknown>) =>
    emit(wire.message.from, timeMs, {
      ...messageFields(wire.message, wire.message.to),
      ...body,
    } as ClusterEventBody);
  return {
    onStep(nowMs: number, node: NodeId, _input: CoreInput, ready: Ready) {
      for (const event of ready.events) {
        const {
          agent: _agent,
          seq: _seq,
          timeMs: _time,
          ...body
        } = fromCoreEvent({ agent: node, seq: 0, timeMs: nowMs }, event);
        emit(node, nowMs, body);
      }
    },
    onDurable(nowMs: number, node: NodeId, records: readonly KeyRecord[]) {
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
        ...messageFields(wire.message, wire.message.from),
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
      for (const node of nodes) emit(node, nowMs, { type: 'faultApplied', description: formatFault(change) });
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
