import { describe, expect, it } from 'vitest';
import {
  applyDelta,
  emptySnapshot,
  type ConsoleSnapshot,
  type StateDelta,
} from '../../../app/contract/console-state';
import { StateSync } from '../../../renderer/client/state-sync';
import type { StateUpdate } from '../../../renderer/client/console-client';

/** A main-side state that produces numbered deltas, and a sync whose snapshot fetches it can hold back. */
function harness() {
  let server: ConsoleSnapshot = emptySnapshot(10);
  const deltas: StateDelta[] = [];
  const pendingFetches: (() => void)[] = [];
  const updates: StateUpdate[] = [];
  const sync = new StateSync({
    fetchSnapshot: () => new Promise((resolve) => pendingFetches.push(() => resolve(server))),
    emit: (update) => updates.push(update),
    onResync: () => undefined,
    onError: (error) => {
      throw error;
    },
  });
  const change = (traceName: string): StateDelta => {
    const delta: StateDelta = {
      seq: server.seq + 1,
      change: { kind: 'cluster', cluster: { ...server.cluster, traceName } },
    };
    server = applyDelta(server, delta);
    deltas.push(delta);
    return delta;
  };
  const answerFetches = async () => {
    for (const answer of pendingFetches.splice(0)) answer();
    await Promise.resolve();
    await Promise.resolve();
  };
  return { sync, change, answerFetches, updates, pendingFetches, server: () => server };
}

describe('StateSync', () => {
  it('holds deltas that arrive before the first snapshot and applies only the newer ones', async () => {
    const h = harness();
    h.sync.resync();
    const early = h.change('a');
    await h.answerFetches();
    const later = h.change('b');
    h.sync.receive(early);
    h.sync.receive(later);
    expect(h.sync.snapshot()).toEqual(h.server());
    expect(h.updates.map((update) => update.kind)).toEqual(['snapshot', 'delta']);
  });

  it('fetches one new snapshot on a gap and replays the deltas held meanwhile', async () => {
    const h = harness();
    h.sync.resync();
    await h.answerFetches();
    h.sync.receive(h.change('one'));
    h.change('lost');
    h.sync.receive(h.change('after gap'));
    expect(h.pendingFetches).toHaveLength(1);
    h.sync.receive(h.change('during resync'));
    expect(h.pendingFetches).toHaveLength(1);
    await h.answerFetches();
    const late = h.change('after resync');
    h.sync.receive(late);
    expect(h.sync.resyncCount).toBe(1);
    expect(h.sync.snapshot()).toEqual(h.server());
    expect(h.sync.snapshot()?.cluster.traceName).toBe('after resync');
  });
});
