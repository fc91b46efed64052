import { describe, expect, it } from 'vitest';
import { History } from '../../app/simulator/time-travel';
import { exportRun, replayRun } from '../../app/simulator/run-export';
import { Simulation } from '../../app/simulator/simulation';
import { stabilize } from '../../app/simulator/stabilize';
import { createTraceRecorder } from '../../app/simulator/trace';
import { paxosState } from '../../app/protocol/registry';

function cluster() {
  const lines: string[] = [];
  const history = new History(
    new Simulation(1, {}, [createTraceRecorder((line) => lines.push(line), 'paxoskv')]),
  );
  return { history, sim: history.sim, lines };
}

const put = { kind: 'put', key: 'k1', value: 'v1' } as const;

describe('client attempts', () => {
  it('a retry sends the same request id, operation and deadline again, and is answered dedup', () => {
    const { history, sim } = cluster();
    history.apply({ kind: 'client', node: 'n2', op: put, deadlineMs: 500 });
    stabilize(history);
    history.apply({ kind: 'retry', of: 'c1', node: 'n4' });
    stabilize(history);
    const retry = sim.state.calls['c1/2']!;
    expect(retry).toMatchObject({ requestId: 'c1', attempt: 2, node: 'n4', op: put, deadlineMs: 500 });
    expect(retry.reply).toMatchObject({ ok: true, version: 1, index: 1, path: 'dedup' });
    expect(sim.state.nextRequestSeq).toBe(2);
  });

  it('refuses a retry of an unknown request and a bad deadline, naming the field', () => {
    const { history } = cluster();
    expect(() => history.apply({ kind: 'retry', of: 'c1', node: 'n2' })).toThrow(
      expect.objectContaining({ field: 'input.of' }),
    );
    expect(() => history.apply({ kind: 'retry', of: 'x', node: 'n2' } as never)).toThrow(
      expect.objectContaining({ field: 'input.of' }),
    );
    expect(() => history.apply({ kind: 'client', node: 'n2', op: put, deadlineMs: -1 })).toThrow(
      expect.objectContaining({ field: 'input.deadlineMs' }),
    );
    expect(history.inputs()).toEqual([]);
  });

  it('a crash loses the attempts its process held; the restarted process answers only new ones', () => {
    const { history, sim } = cluster();
    history.apply({ kind: 'fault', change: { kind: 'hold' } });
    history.apply({ kind: 'client', node: 'n2', op: put });
    history.apply({ kind: 'crash', node: 'n2' });
    history.apply({ kind: 'restart', node: 'n2' });
    history.apply({ kind: 'fault', change: { kind: 'unhold' } });
    history.apply({ kind: 'retry', of: 'c1', node: 'n2' });
    stabilize(history);
    expect(sim.state.calls.c1!.reply).toBeNull();
    expect(sim.state.calls['c1/2']!.reply).toMatchObject({ ok: true });
  });

  it('a write to a node that is down fails definitely, unless an earlier attempt may still apply', () => {
    const { history, sim } = cluster();
    history.apply({ kind: 'crash', node: 'n4' });
    history.apply({ kind: 'client', node: 'n4', op: put });
    history.apply({ kind: 'fault', change: { kind: 'hold' } });
    history.apply({ kind: 'client', node: 'n2', op: { ...put, value: 'v2' } });
    history.apply({ kind: 'retry', of: 'c2', node: 'n4' });
    expect(sim.state.calls.c1!.reply).toMatchObject({ code: 'UNAVAILABLE', definite: true });
    expect(sim.state.calls['c2/2']!.reply).toMatchObject({ code: 'UNAVAILABLE', definite: false });
  });

  it('a resumed node sees the time first: a request whose deadline passed while it was paused starts no round', () => {
    const { history, sim, lines } = cluster();
    history.apply({ kind: 'fault', change: { kind: 'pause', node: 'n2' } });
    history.apply({ kind: 'client', node: 'n2', op: put, deadlineMs: 20 });
    history.apply({ kind: 'advance', toMs: 100 });
    history.apply({ kind: 'fault', change: { kind: 'resume', node: 'n2' } });
    expect(sim.state.calls.c1!.reply).toMatchObject({ ok: false, code: 'UNAVAILABLE', definite: false });
    expect(lines.filter((line) => line.includes(' propose '))).toEqual([]);
  });

  it('replays retries and deadlines from the exported run to the identical trace', () => {
    const { history, lines } = cluster();
    history.apply({ kind: 'client', node: 'n2', op: put, deadlineMs: 300 });
    history.apply({ kind: 'retry', of: 'c1', node: 'n0', deadlineMs: 200 });
    stabilize(history);
    const replayed: string[] = [];
    replayRun(JSON.parse(JSON.stringify(exportRun(history))), [
      createTraceRecorder((line) => replayed.push(line), 'paxoskv'),
    ]);
    expect(replayed).toEqual(lines);
    expect(lines.some((line) => line.includes('client c1 retry 2 put k1 "v1" deadline=200'))).toBe(true);
  });
});

describe('learner-only on disk', () => {
  it('a wiped node restarts learner-only until it wrote that relearning completed, then as a voter', () => {
    const { history, sim } = cluster();
    history.apply({ kind: 'client', node: 'n2', op: put });
    stabilize(history);
    history.apply({ kind: 'fault', change: { kind: 'cut', from: 'n0', to: 'n5' } });
    history.apply({ kind: 'wipe', node: 'n0' });
    history.apply({ kind: 'advance', toMs: 60 });
    const n0 = sim.state.nodes.n0!;
    expect(n0.storage.durableMeta).toEqual({ learnerOnly: true });
    history.apply({ kind: 'crash', node: 'n0' });
    history.apply({ kind: 'restart', node: 'n0' });
    expect(paxosState(n0.core!).learner).not.toBeNull();
    history.apply({ kind: 'fault', change: { kind: 'heal' } });
    history.apply({ kind: 'advance', toMs: 200 });
    expect(paxosState(n0.core!).learner).toBeNull();
    expect(n0.storage.durableMeta).toEqual({ learnerOnly: false });
    history.apply({ kind: 'crash', node: 'n0' });
    history.apply({ kind: 'restart', node: 'n0' });
    expect(paxosState(n0.core!).learner).toBeNull();
  });
});
