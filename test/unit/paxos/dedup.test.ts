import { describe, expect, it } from 'vitest';
import { checkRecordInvariants } from '../../../app/paxos/invariants';
import { requestsAfter } from '../../../app/paxos/plog';
import { assert, AssertionError } from '../../../app/util/assert';
import type { Instance } from '../../../app/paxos/types';
import { bytes, keyWithReplicas, match, Wire } from './wire';

const { key, a, b, c } = keyWithReplicas('dedup');

/** The key's version as a node's newest chosen value says. */
function versionAt(wire: Wire, node: string): number {
  const chosen = wire
    .state(node)
    .records[key]?.instances.filter((instance) => instance.chosen)
    .at(-1);
  return chosen?.value?.version ?? 0;
}

function chosenWith(requestId: string, index: number, version: number): Instance {
  const value = { requestId, owner: a, version, deleted: false, data: bytes('v'), requests: [] };
  return { index, promised: { counter: 1, role: 1 }, accepted: { counter: 1, role: 1 }, value, chosen: true };
}

describe('request-id dedup inside the chosen value', () => {
  it('a retry on a replica that never learned the original is answered dedup (hole 1 of issue 11)', () => {
    const wire = new Wire();
    // R is chosen at #1 by A and C only: B sees neither its accept nor its CHOSEN.
    wire.put(a, key, 'r', 'R');
    wire.settle((m) => m.to !== b && m.from !== b);
    wire.drop((m) => m.to === b);
    expect(wire.replyTo('R')).toMatchObject({ ok: true, version: 1, index: 1 });
    // A dies before anything else; W2 is chosen at #2 through C with B's votes.
    wire.drop((m) => m.from === a || m.to === a);
    wire.put(c, key, 'w2', 'W2');
    wire.settle((m) => m.from !== a && m.to !== a);
    expect(wire.replyTo('W2')).toMatchObject({ ok: true, version: 2, index: 2 });
    // The client retries R on B, which holds #2 but never saw #1.
    wire.put(b, key, 'r', 'R');
    wire.settle((m) => m.from !== a && m.to !== a);
    const answers = wire.replies.filter(({ reply }) => reply.requestId === 'R').map(({ reply }) => reply);
    expect(answers[1]).toMatchObject({ ok: true, version: 1, index: 1, path: 'dedup' });
    expect(versionAt(wire, b)).toBe(2);
    expect(versionAt(wire, c)).toBe(2);
  });

  it('a retry after 30 newer writes on another replica is still answered dedup', () => {
    const wire = new Wire();
    wire.put(a, key, 'r', 'R');
    wire.settle();
    for (let i = 0; i < 30; i++) {
      wire.put(a, key, `w${i}`);
      wire.settle();
    }
    expect(versionAt(wire, b)).toBe(31);
    wire.put(b, key, 'r', 'R');
    wire.settle();
    expect(wire.replies.at(-1)?.reply).toMatchObject({ ok: true, version: 1, index: 1, path: 'dedup' });
    expect(versionAt(wire, a)).toBe(31);
  });

  it('a read redo no-op keeps the request it follows in the window', () => {
    const wire = new Wire();
    wire.put(a, key, 'r', 'R');
    // #1 is accepted by A and C, then A dies before any CHOSEN: a read on C finishes #1 with a redo.
    wire.settle((m) => m.type !== 'chosen' && m.type !== 'accepted');
    wire.drop((m) => m.from === a || m.to === a);
    wire.get(c, key);
    wire.run(500);
    // The redo chose R's own value at #1; a later no-op or write must still remember R.
    wire.put(c, key, 'w2', 'W2');
    wire.run(500);
    wire.put(b, key, 'r', 'R');
    wire.run(500);
    const answers = wire.replies.filter(({ reply }) => reply.requestId === 'R').map(({ reply }) => reply);
    expect(answers.at(-1)).toMatchObject({ ok: true, version: 1, path: 'dedup' });
    expect(versionAt(wire, c)).toBe(2);
  });

  it('requestsAfter adds the previous request, skips no-ops and keeps the newest dedupWindow', () => {
    const previous = chosenWith('R5', 5, 5);
    previous.value!.requests = [1, 2, 3, 4].map((i) => ({ requestId: `R${i}`, version: i, index: i }));
    expect(requestsAfter(previous, 3).map((applied) => applied.requestId)).toEqual(['R3', 'R4', 'R5']);
    const noOp = { ...previous, value: { ...previous.value!, requestId: '' } };
    expect(requestsAfter(noOp, 10).map((applied) => applied.requestId)).toEqual(['R1', 'R2', 'R3', 'R4']);
    expect(requestsAfter(undefined, 10)).toEqual([]);
  });
});

describe('requests that cannot be decided, and deadlines', () => {
  it('answers INDETERMINATE, never a second apply, when the key moved past the window while it waited', () => {
    const wire = new Wire((config) => ({ ...config, dedupWindow: 4 }));
    // B is cut off with X at the head of its queue and R behind it, while A writes ten times.
    const cutOff = (m: { from: string; to: string }) => m.from === b || m.to === b;
    wire.put(b, key, 'x', 'X');
    wire.put(b, key, 'r', 'R');
    for (let i = 0; i < 10; i++) {
      wire.put(a, key, `w${i}`);
      wire.settle((m) => !cutOff(m));
    }
    wire.drop(cutOff);
    // B hears from the others again: it learns #10, whose window reaches back only to #7.
    wire.run(300);
    for (const id of ['X', 'R']) {
      expect(wire.replyTo(id)).toMatchObject({ ok: false, code: 'INDETERMINATE', definite: false });
    }
    expect(versionAt(wire, a)).toBe(10);
    const proposed = wire.eventsOf('proposalStarted', b).filter((event) => 'requestId' in event);
    expect(proposed.some((event) => 'requestId' in event && event.requestId === 'R')).toBe(false);
  });

  it('never starts a round for a request whose deadline passed while it was queued', () => {
    const wire = new Wire();
    wire.put(a, key, 'x', 'X');
    wire.input(a, {
      kind: 'client',
      request: { requestId: 'R', operation: { kind: 'put', key, value: bytes('r') }, deadlineMs: 10 },
    });
    wire.tick(20);
    expect(wire.replyTo('R')).toMatchObject({ ok: false, code: 'UNAVAILABLE', definite: false });
    wire.run(300);
    expect(wire.replyTo('X')).toMatchObject({ ok: true, version: 1 });
    const proposals = wire.eventsOf('proposalStarted', a);
    expect(proposals.some((event) => 'requestId' in event && event.requestId === 'R')).toBe(false);
    expect(versionAt(wire, a)).toBe(1);
  });

  it('a request whose deadline passed before it arrived is refused without a round', () => {
    const wire = new Wire();
    wire.tick(50);
    wire.input(a, {
      kind: 'client',
      request: { requestId: 'R', operation: { kind: 'put', key, value: bytes('r') }, deadlineMs: 10 },
    });
    expect(wire.replyTo('R')).toMatchObject({ ok: false, code: 'UNAVAILABLE', definite: false });
    expect(wire.inFlight.filter(match('prepare'))).toHaveLength(0);
  });

  it('refuses a negative deadline naming the field', () => {
    const wire = new Wire();
    wire.input(a, {
      kind: 'client',
      request: { requestId: 'R', operation: { kind: 'put', key, value: bytes('r') }, deadlineMs: -1 },
    });
    expect(wire.replyTo('R')).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT', field: 'deadlineMs' });
  });

  it('a CAS conflict is definite only when the key is already past the expected version', () => {
    const wire = new Wire();
    wire.put(a, key, 'v1');
    wire.settle();
    const behind = wire.request(a, { kind: 'cas', key, value: bytes('x'), expectedVersion: 0 });
    const ahead = wire.request(a, { kind: 'cas', key, value: bytes('y'), expectedVersion: 5 });
    wire.run(300);
    expect(wire.replyTo(behind)).toMatchObject({ code: 'VERSION_CONFLICT', definite: true });
    expect(wire.replyTo(ahead)).toMatchObject({ code: 'VERSION_CONFLICT', definite: false });
  });
});

describe('the dedup window is checked at the core edges', () => {
  it('a record whose window names its own entry or goes backwards is refused before it is written', () => {
    const instance = chosenWith('R3', 3, 3);
    instance.value!.requests = [{ requestId: 'R3', version: 3, index: 3 }];
    const record = { key, instances: [instance], recent: [] };
    expect(checkRecordInvariants(record)).toMatch(/names entry 3, not below it/);
    instance.value!.requests = [
      { requestId: 'R2', version: 2, index: 2 },
      { requestId: 'R1', version: 1, index: 1 },
    ];
    expect(checkRecordInvariants(record)).toMatch(/must ascend/);
    expect(() => assert(false, () => 'lazy message')).toThrow(AssertionError);
  });
});
