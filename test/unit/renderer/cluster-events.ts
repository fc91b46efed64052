/** Builds cluster events for renderer tests, numbering each agent's events from 1 as agents do. */
import type { ClusterEvent, ClusterEventBody } from '../../../app/model/cluster-event';
import type { Ballot } from '../../../app/paxos/types';
import type { ProcessChange } from '../../../renderer/store/ingest-console';

type Where = { key?: string; index?: number; ballot?: Ballot };

export function eventFactory(startMs = 1_000) {
  const seqs = new Map<string, number>();
  let timeMs = startMs;
  return function event(
    agent: string,
    body: ClusterEventBody,
    where: Where = {},
    advanceMs = 1,
  ): ClusterEvent {
    const seq = (seqs.get(agent) ?? 0) + 1;
    seqs.set(agent, seq);
    timeMs += advanceMs;
    return { agent, seq, timeMs, ...where, ...body } as ClusterEvent;
  };
}

export const ballot = (counter: number, role: number): Ballot => ({ counter, role });

/** Where most single-key tests happen: key k1 at index 1. */
export const onKey1 = { key: 'k1', index: 1 };

/** Main's report that a node's process was killed. */
export function killed(nodeId: string, why: string): ProcessChange {
  return { type: 'processChanged', nodeId, down: { kind: 'killed', why } };
}
