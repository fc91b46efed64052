/**
 * The structure checks on hand-made histories (each one a client's view plus the queue read at the
 * end), and the structure client stepped by hand through a lost reply and a conflict.
 */
import { describe, expect, it } from 'vitest';
import { checkQueue } from '../../../app/checker/queue-check';
import { checkSet } from '../../../app/checker/set-check';
import type { QueueItem } from '../../../app/kv/structures/queue';
import {
  StructureClient,
  structureTag,
  type StructureRecord,
} from '../../../app/kv/structures/structure-client';
import type { ClientReply } from '../../../app/kv/operations';

type Outcome = StructureRecord['outcome'];

function push(id: string, element: string, callMs: number, returnMs: number | null, outcome: Outcome = 'ok') {
  const record: StructureRecord = {
    id,
    tag: structureTag(id),
    op: { kind: 'push', queue: 'q', element },
    callMs,
    returnMs,
    outcome,
  };
  return outcome === 'ok' ? { ...record, answer: 'pushed' } : record;
}

function pop(
  id: string,
  answer: string | null,
  callMs: number,
  returnMs: number | null,
  outcome: Outcome = 'ok',
) {
  const record: StructureRecord = {
    id,
    tag: structureTag(id),
    op: { kind: 'pop', queue: 'q' },
    callMs,
    returnMs,
    outcome,
  };
  return outcome === 'ok' ? { ...record, answer } : record;
}

const item = (value: string, pushId: string, popId?: string): QueueItem =>
  popId === undefined
    ? { value, in: structureTag(pushId) }
    : { value, in: structureTag(pushId), out: structureTag(popId) };

describe('the queue check', () => {
  const pushes = [push('s1', 'a', 0, 10), push('s2', 'b', 20, 30)];

  it('passes a history the final queue agrees with, an unknown pop resolved by its tag', () => {
    const records = [...pushes, pop('s3', 'a', 40, 50), pop('s4', null, 45, null, 'unknown')];
    expect(checkQueue(records, [item('a', 's1', 's3'), item('b', 's2', 's4')])).toEqual([]);
  });

  it('finds an acknowledged push that is not in the queue', () => {
    expect(checkQueue(pushes, [item('a', 's1')])).toEqual([
      'lost: s2 pushed b (acknowledged), not in the queue',
    ]);
  });

  it('finds one element returned by two pops', () => {
    const records = [...pushes, pop('s3', 'a', 40, 50), pop('s4', 'a', 41, 52)];
    const problems = checkQueue(records, [item('a', 's1', 's4'), item('b', 's2')]);
    expect(problems).toContain('popped twice: a returned by s3 and by s4');
  });

  it('finds a failed push that took effect, and an element nobody pushed', () => {
    const records = [push('s1', 'a', 0, 10, 'fail')];
    expect(checkQueue(records, [item('a', 's1'), item('z', 's9')])).toEqual([
      'failed push applied: s1 answered failure, but a is in the queue',
      'invented: item 1 (z) was not pushed by the push its tag names',
    ]);
  });

  it('finds an order that real time rules out', () => {
    const problems = checkQueue(pushes, [item('b', 's2'), item('a', 's1')]);
    expect(problems).toEqual(['not FIFO: s1 pushed a before s2 pushed b began, but a sits after it']);
  });

  it('finds "empty" while an element stayed in the queue throughout', () => {
    const records = [...pushes, pop('s3', null, 40, 50), pop('s4', 'a', 60, 70)];
    const problems = checkQueue(records, [item('a', 's1', 's4'), item('b', 's2')]);
    expect(problems).toEqual([
      'empty while not: s3 answered empty, but a (pushed by s1) was in the queue throughout',
    ]);
  });
});

describe('the set check', () => {
  const op = (
    id: string,
    kind: 'add' | 'remove' | 'contains',
    answer: StructureRecord['answer'],
    callMs: number,
    returnMs: number | null,
    outcome: Outcome = 'ok',
  ): StructureRecord => ({
    id,
    tag: structureTag(id),
    op: { kind, set: 's', member: 'm' },
    callMs,
    returnMs,
    outcome,
    ...(outcome === 'ok' ? { answer } : {}),
  });

  it('passes answers that fit one real-time order, concurrent ones in either order', () => {
    const records = [
      op('s1', 'add', 'added', 0, 10),
      op('s2', 'contains', true, 20, 30),
      op('s3', 'remove', 'removed', 40, 60),
      op('s4', 'contains', true, 45, 50),
      op('s5', 'contains', false, 70, 80),
    ];
    expect(checkSet(records)).toEqual([]);
  });

  it('takes an unknown add as applied or not, whichever fits', () => {
    expect(
      checkSet([op('s1', 'add', undefined, 0, null, 'unknown'), op('s2', 'contains', true, 20, 30)]),
    ).toEqual([]);
    expect(
      checkSet([op('s1', 'add', undefined, 0, null, 'unknown'), op('s2', 'contains', false, 20, 30)]),
    ).toEqual([]);
  });

  it('refuses a member missing after an add returned, and a second "added"', () => {
    expect(checkSet([op('s1', 'add', 'added', 0, 10), op('s2', 'contains', false, 20, 30)])).toHaveLength(1);
    expect(checkSet([op('s1', 'add', 'added', 0, 10), op('s2', 'add', 'added', 20, 30)])).toHaveLength(1);
  });
});

describe('a structure client', () => {
  const read = (version: number, value: string | null): ClientReply => ({
    requestId: 'c1',
    ok: true,
    version,
    value: value === null ? null : new TextEncoder().encode(value),
    index: version,
    path: 'local',
  });

  it('pushes by compare-and-set, and after a lost reply finds its tag instead of pushing again', () => {
    const client = new StructureClient('s1', { kind: 'push', queue: 'q', element: 'a' }, 0, {
      attemptsMax: 4,
      valueBytesMax: 65_536,
    });
    expect(client.request()).toEqual({ kind: 'get', key: 'queue/q/0' });
    const write = client.onReply(read(0, null), 1);
    expect(write).toMatchObject({ kind: 'cas', key: 'queue/q/0', expectedVersion: 0 });
    expect(client.onReply(null, 300)).toEqual({ kind: 'get', key: 'queue/q/0' });
    expect(client.onReply(read(1, write?.kind === 'cas' ? write.value : null), 310)).toBeNull();
    expect(client.done).toMatchObject({ outcome: 'ok', answer: 'pushed', returnMs: 310 });
  });

  it('gives up in doubt after a write it never heard of, and certain after conflicts only', () => {
    const options = { attemptsMax: 2, valueBytesMax: 65_536 };
    const conflict: ClientReply = {
      requestId: 'c2',
      ok: false,
      code: 'VERSION_CONFLICT',
      message: 'x',
      definite: true,
    };
    const certain = new StructureClient('s2', { kind: 'pop', queue: 'q' }, 0, options);
    const segment =
      '{"format":"paxoscope/queue-segment@1","segment":0,"sealed":false,"items":[{"value":"a","in":"aaaaaaaaaaaaaaaa"}]}';
    certain.onReply(read(1, segment), 1);
    certain.onReply(conflict, 2);
    certain.onReply(read(2, segment), 3);
    expect(certain.onReply(conflict, 4)).toBeNull();
    expect(certain.done).toMatchObject({ outcome: 'fail', returnMs: 4 });
    const doubt = new StructureClient('s3', { kind: 'pop', queue: 'q' }, 0, options);
    doubt.onReply(read(1, segment), 1);
    doubt.onReply(null, 300);
    expect(doubt.onReply(null, 600)).toBeNull();
    expect(doubt.done).toMatchObject({ outcome: 'unknown', returnMs: null });
  });
});
