/**
 * Lifts a core event into the cluster event every viewer shares. The agent and the simulator both use
 * it, so a step looks the same whether it happened in a real process or in the classroom simulator.
 */
import type { CoreEvent, NodeId } from '../paxos/types';
import type { ClusterEvent } from './cluster-event';

export interface EventStamp {
  agent: NodeId;
  seq: number;
  timeMs: number;
}

export function fromCoreEvent(stamp: EventStamp, event: CoreEvent): ClusterEvent {
  switch (event.type) {
    case 'proposalStarted':
      return { ...stamp, ...where(event), type: event.type, requestId: event.requestId, fast: event.fast };
    case 'promised':
      return { ...stamp, ...where(event), type: event.type, peer: event.to };
    case 'acceptedValue':
      return { ...stamp, ...where(event), type: event.type, requestId: event.requestId };
    case 'rejected':
      return { ...stamp, ...where(event), type: event.type, by: event.by, what: event.what };
    case 'chosen':
      return {
        ...stamp,
        ...where(event),
        type: event.type,
        requestId: event.requestId,
        version: event.version,
      };
    case 'catchUp':
      return {
        ...stamp,
        key: event.key,
        index: event.toIndex,
        type: event.type,
        fromIndex: event.fromIndex,
        peer: event.from,
      };
    case 'readServed':
      return { ...stamp, key: event.key, index: event.index, type: event.type, how: event.how };
    case 'backoff':
      return {
        ...stamp,
        key: event.key,
        index: event.index,
        type: event.type,
        round: event.round,
        untilMs: event.untilMs,
      };
    case 'learnerOnly':
      return { ...stamp, type: event.type, on: event.on, reason: event.reason };
    case 'replied':
      return {
        ...stamp,
        key: event.key,
        type: event.type,
        requestId: event.requestId,
        ok: event.ok,
        ...(event.code ? { code: event.code } : {}),
      };
    case 'inputRejected':
      return {
        ...stamp,
        type: event.type,
        field: event.field,
        reason: event.reason,
        ...(event.from ? { peer: event.from } : {}),
      };
  }
}

function where(event: { key: string; index: number; ballot: { counter: number; role: number } }) {
  return {
    key: event.key,
    index: event.index,
    ballot: { counter: event.ballot.counter, role: event.ballot.role },
  };
}
