/** Sets and tables, the pure half: encodings, validation and each operation evaluated on a value. */
import { describe, expect, it } from 'vitest';
import type { Decision, KeyState } from '../../../app/kv/structures/decision';
import {
  bucketOf,
  checkMember,
  decodeBucket,
  encodeBucket,
  evaluateAdd,
  evaluateRemove,
  fnv1a32,
  memberBytesMax,
} from '../../../app/kv/structures/set';
import {
  checkName,
  checkPrimaryKey,
  escapeName,
  tableRowKey,
} from '../../../app/kv/structures/structure-keys';
import { CorruptValueError } from '../../../app/kv/structures/structure-value';
import {
  checkRow,
  decodeIndex,
  decodeRow,
  encodeIndex,
  encodeRow,
  evaluateDelete,
  evaluateIndexAdd,
  evaluateIndexRemove,
  evaluatePut,
  evaluateUpdate,
  keysInRange,
} from '../../../app/kv/structures/table';
import { FieldError } from '../../../app/util/field-error';

const tagA = 'aaaaaaaaaaaaaaaa';
const tagB = 'bbbbbbbbbbbbbbbb';
const written = <T>(decision: Decision<T>): Uint8Array => {
  if (decision.kind !== 'write') throw new Error(`expected a write, got ${decision.kind}`);
  return decision.value;
};
const thrown = (run: () => unknown): FieldError => {
  try {
    run();
  } catch (error) {
    if (error instanceof FieldError) return error;
    throw error;
  }
  throw new Error('expected a FieldError');
};

describe('set buckets', () => {
  const member = 'ada';
  const key = `set/s/${bucketOf(member)}`;

  it('places members by FNV-1a 32 (a known vector) into 16 buckets', () => {
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(bucketOf('a')).toBe(0xe40c292c % 16);
  });

  it('adds once, remembers the tag, and removes', () => {
    const empty: KeyState = { version: 0, value: null };
    const added = written(evaluateAdd(key, empty, member, tagA, 4096));
    expect(decodeBucket(key, bucketOf(member), added)).toEqual({
      bucket: bucketOf(member),
      members: ['ada'],
      applied: [tagA],
    });
    const now = { version: 1, value: added };
    // The same add again (its reply lost): applied, not "already a member".
    expect(evaluateAdd(key, now, member, tagA, 4096)).toEqual({
      kind: 'answer',
      answer: 'added',
      recorded: true,
    });
    expect(evaluateAdd(key, now, member, tagB, 4096)).toEqual({ kind: 'answer', answer: 'already-member' });
    const removed = written(evaluateRemove(key, now, member, tagB));
    expect(decodeBucket(key, bucketOf(member), removed).members).toEqual([]);
    // The add's retry after someone removed the member must not add it a second time.
    expect(evaluateAdd(key, { version: 2, value: removed }, member, tagA, 4096)).toEqual({
      kind: 'answer',
      answer: 'added',
      recorded: true,
    });
  });

  it('keeps the newest 16 tags only', () => {
    const sameBucket = Array.from({ length: 400 }, (_, i) => `m${i}`).filter(
      (m) => bucketOf(m) === bucketOf(member),
    );
    let value: Uint8Array | null = null;
    sameBucket.slice(0, 20).forEach((m, i) => {
      value = written(evaluateAdd(key, { version: i, value }, m, i.toString(16).padStart(16, '0'), 1 << 20));
    });
    const bucket = decodeBucket(key, bucketOf(member), value);
    expect(bucket.members).toHaveLength(20);
    expect(bucket.applied).toHaveLength(16);
    expect(bucket.applied[15]).toBe((19).toString(16).padStart(16, '0'));
  });

  it('refuses a member in the wrong bucket, unsorted members and a bucket over the limit', () => {
    const wrong = encodeBucket({ bucket: (bucketOf(member) + 1) % 16, members: [member], applied: [] });
    expect(() =>
      decodeBucket(`set/s/${(bucketOf(member) + 1) % 16}`, (bucketOf(member) + 1) % 16, wrong),
    ).toThrow('belongs in bucket');
    const error = thrown(() => checkMember('m'.repeat(memberBytesMax(500) + 1), 500));
    expect(error).toMatchObject({ field: 'member', limit: memberBytesMax(500) });
    const full = encodeBucket({ bucket: bucketOf(member), members: [], applied: [] });
    const over = thrown(() =>
      evaluateAdd(key, { version: 1, value: full }, member, tagA, full.byteLength + 3),
    );
    expect(over).toMatchObject({ field: 'member', limit: full.byteLength + 3 });
    expect(thrown(() => checkMember('', 500)).field).toBe('member');
  });
});

describe('structure names and keys', () => {
  it('escapes "/" and "%" so names never collide', () => {
    expect(escapeName('a/b%c')).toBe('a%2Fb%25c');
    expect(tableRowKey('x/row/y', 'index')).not.toBe(tableRowKey('x', 'y/index'));
  });

  it('refuses empty names and names or primary keys past the key limit', () => {
    expect(thrown(() => checkName('queue', '', 1024)).field).toBe('queue');
    expect(thrown(() => checkName('table', 't'.repeat(1000), 1024))).toMatchObject({ field: 'table' });
    expect(thrown(() => checkName('set', '/'.repeat(400), 1024)).reason).toContain('escaped');
    const room = 1024 - new TextEncoder().encode(tableRowKey('t', '')).byteLength;
    expect(() => checkPrimaryKey('t', 'k'.repeat(room), 1024)).not.toThrow();
    expect(thrown(() => checkPrimaryKey('t', 'k'.repeat(room + 1), 1024))).toMatchObject({
      field: 'primaryKey',
      limit: room,
    });
  });
});

describe('table rows', () => {
  const key = 'table/t/row/alice';
  const live = (row: Record<string, string>, version = 3): KeyState => ({
    version,
    value: encodeRow({ row, applied: [] }),
  });

  it('creates a row only once its index entry covers the version it will reach', () => {
    const dead: KeyState = { version: 4, value: encodeRow({ row: null, applied: [] }) };
    expect(evaluatePut(key, dead, { name: 'Alice' }, tagA, 0)).toEqual({
      kind: 'answer',
      answer: { kind: 'index-first', generation: 5 },
    });
    const created = written(evaluatePut(key, dead, { name: 'Alice' }, tagA, 5));
    expect(new TextDecoder().decode(created)).toBe(
      `{"format":"paxoscope/table-row@1","row":{"name":"Alice"},"applied":[["${tagA}","created"]]}`,
    );
    expect(evaluatePut(key, { version: 5, value: created }, { name: 'x' }, tagA, 0)).toEqual({
      kind: 'answer',
      answer: { kind: 'created' },
      recorded: true,
    });
    expect(evaluatePut(key, live({ name: 'A' }), { name: 'B' }, tagB, 0)).toMatchObject({
      answer: { kind: 'replaced' },
    });
  });

  it('updates only when every condition holds, and answers a retried update as applied', () => {
    const row = live({ balance: '10', owner: 'alice' });
    const unmet = evaluateUpdate(
      key,
      row,
      { balance: '9', owner: 'alice', missing: 'x' },
      { balance: '0' },
      tagA,
      4096,
    );
    expect(unmet).toEqual({
      kind: 'answer',
      answer: {
        kind: 'unmet',
        mismatches: [
          { column: 'balance', expected: '9', found: '10' },
          { column: 'missing', expected: 'x', found: null },
        ],
      },
    });
    const updated = written(
      evaluateUpdate(key, row, { balance: '10' }, { balance: '4', note: 'paid' }, tagA, 4096),
    );
    expect(decodeRow(key, updated).row).toEqual({ balance: '4', note: 'paid', owner: 'alice' });
    // Its retry sees balance 4, not 10: without the tag it would report the condition unmet.
    expect(
      evaluateUpdate(key, { version: 4, value: updated }, { balance: '10' }, { balance: '4' }, tagA, 4096),
    ).toEqual({
      kind: 'answer',
      answer: { kind: 'updated' },
      recorded: true,
    });
    expect(evaluateUpdate(key, { version: 0, value: null }, {}, { a: '1' }, tagB, 4096)).toEqual({
      kind: 'answer',
      answer: { kind: 'not-found' },
    });
    expect(thrown(() => evaluateUpdate(key, row, {}, { big: 'x'.repeat(200) }, tagB, 150)).field).toBe('set');
  });

  it('deletes to a tombstone that keeps the tag', () => {
    const tomb = written(evaluateDelete(key, live({ a: '1' }), tagA));
    expect(decodeRow(key, tomb)).toEqual({ row: null, applied: [[tagA, 'deleted']] });
    expect(evaluateDelete(key, { version: 4, value: tomb }, tagA)).toEqual({
      kind: 'answer',
      answer: 'deleted',
      recorded: true,
    });
    expect(evaluateDelete(key, { version: 4, value: tomb }, tagB)).toEqual({
      kind: 'answer',
      answer: 'not-found',
    });
  });

  it('refuses rows with no column, an empty column name, or too many bytes', () => {
    expect(thrown(() => checkRow({}, 4096)).field).toBe('columns');
    expect(thrown(() => checkRow({ '': 'x' }, 4096)).field).toBe('columns');
    expect(thrown(() => checkRow({ a: 'x'.repeat(5000) }, 4096))).toMatchObject({
      field: 'columns',
      limit: 4096,
    });
    expect(() =>
      decodeRow(
        key,
        new TextEncoder().encode('{"format":"paxoscope/table-row@1","row":{"":"x"},"applied":[]}'),
      ),
    ).toThrow(CorruptValueError);
  });
});

describe('the table index', () => {
  const key = 'table/t/index';
  const index = (keys: [string, number][]): KeyState => ({ version: 1, value: encodeIndex({ keys }) });

  it('adds in order, raises generations, never lowers them', () => {
    const added = written(
      evaluateIndexAdd(
        key,
        index([
          ['a', 1],
          ['c', 1],
        ]),
        'b',
        3,
        4096,
      ),
    );
    expect(decodeIndex(key, added).keys).toEqual([
      ['a', 1],
      ['b', 3],
      ['c', 1],
    ]);
    expect(evaluateIndexAdd(key, index([['b', 5]]), 'b', 3, 4096)).toEqual({ kind: 'answer', answer: 5 });
    expect(decodeIndex(key, written(evaluateIndexAdd(key, index([['b', 2]]), 'b', 3, 4096))).keys).toEqual([
      ['b', 3],
    ]);
    expect(thrown(() => evaluateIndexAdd(key, index([]), 'b'.repeat(100), 1, 60))).toMatchObject({
      field: 'primaryKey',
      limit: 60,
    });
  });

  it('drops an entry only when no insert after the tombstone raised it', () => {
    expect(evaluateIndexRemove(key, index([['b', 3]]), 'b', 2)).toEqual({ kind: 'answer', answer: false });
    expect(decodeIndex(key, written(evaluateIndexRemove(key, index([['b', 3]]), 'b', 4))).keys).toEqual([]);
  });

  it('selects a range [from, to) and refuses an unsorted index', () => {
    const keys = decodeIndex(
      key,
      encodeIndex({
        keys: [
          ['a', 1],
          ['b', 1],
          ['c', 1],
        ],
      }),
    );
    expect(keysInRange(keys, 'b', undefined)).toEqual(['b', 'c']);
    expect(keysInRange(keys, undefined, 'c')).toEqual(['a', 'b']);
    expect(() =>
      decodeIndex(
        key,
        encodeIndex({
          keys: [
            ['b', 1],
            ['a', 1],
          ],
        }),
      ),
    ).toThrow('keys[1]: not sorted');
  });
});
