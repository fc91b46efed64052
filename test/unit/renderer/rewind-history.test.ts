import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../../app/model/cluster-event';
import { ingestBatch, type ObservedInput } from '../../../renderer/store/ingest';
import { emptyObservedCluster, type ObservedCluster } from '../../../renderer/store/observed-cluster';
import { historyRange, recordBatch, startHistory, stateAt } from '../../../renderer/store/rewind-history';
import { ballot, eventFactory } from './cluster-events';

function promises(count: number): ClusterEvent[] {
  const event = eventFactory();
  return Array.from({ length: count }, (_, i) =>
    event('n0', { type: 'promised', peer: 'n1' }, { key: `k${i}`, index: 1, ballot: ballot(i, 1) }),
  );
}

/** Feeds inputs in batches of `batch`, as the store does once per frame. */
function run(inputs: ObservedInput[], batch: number, limits = { checkpointEvery: 10, inputsMax: 50 }) {
  let live: ObservedCluster = emptyObservedCluster();
  let history = startHistory(live);
  for (let i = 0; i < inputs.length; i += batch) {
    const chunk = inputs.slice(i, i + batch);
    live = ingestBatch(live, chunk);
    history = recordBatch(history, chunk, live, limits);
  }
  return { live, history };
}

describe('rewind history', () => {
  it('rebuilds the state after any kept event exactly as a straight ingest would', () => {
    const events = promises(37);
    const { live, history } = run(events, 4);
    for (const n of [0, 1, 9, 10, 23, 36, 37]) {
      expect(stateAt(history, n)).toEqual(ingestBatch(emptyObservedCluster(), events.slice(0, n)));
    }
    expect(stateAt(history, 37)).toEqual(live);
  });

  it('replays process changes (kills) at their place between events', () => {
    const events = promises(6);
    const kill: ObservedInput = { type: 'processChanged', nodeId: 'n3', down: { kind: 'killed', why: 'x' } };
    const inputs = [...events.slice(0, 3), kill, ...events.slice(3)];
    const { history } = run(inputs, 2);
    expect(stateAt(history, 2).bands).toEqual([]);
    expect(stateAt(history, 3).bands).toEqual([]);
    expect(stateAt(history, 4).bands).toHaveLength(1);
  });

  it('stays bounded, forgetting the oldest checkpoints, and clamps a seek before them', () => {
    const events = promises(500);
    const { live, history } = run(events, 7);
    expect(history.inputs.length).toBeLessThanOrEqual(50 + 7);
    expect(history.checkpoints.length).toBeLessThanOrEqual(7);
    const { firstN, lastN } = historyRange(history, live);
    expect(lastN).toBe(500);
    expect(firstN).toBeGreaterThan(400);
    expect(stateAt(history, 1).eventCount).toBe(firstN);
    expect(stateAt(history, firstN + 5)).toEqual(
      ingestBatch(emptyObservedCluster(), events.slice(0, firstN + 5)),
    );
  });
});
