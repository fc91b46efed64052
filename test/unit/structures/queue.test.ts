/** The queue's pure half: segment encoding, validation, and push/pop evaluated on a segment's value. */
import { describe, expect, it } from 'vitest';
import type { KeyState } from '../../../app/kv/structures/decision';
import {
  checkElement,
  decodeHead,
  decodeSegment,
  encodeSegment,
  evaluatePop,
  evaluatePush,
  evaluateRaiseHead,
  queueElementBytesMax,
  segmentBytesReserved,
  type QueueSegment,
} from '../../../app/kv/structures/queue';
import { CorruptValueError } from '../../../app/kv/structures/structure-value';
import { FieldError } from '../../../app/util/field-error';

const tagA = 'aaaaaaaaaaaaaaaa';
const tagB = 'bbbbbbbbbbbbbbbb';
const tagC = 'cccccccccccccccc';
const key = 'queue/jobs/0';
const bytes = (text: string) => new TextEncoder().encode(text);
const state = (segment: QueueSegment | null, version = 1): KeyState => ({
  version,
  value: segment ? encodeSegment(segment) : null,
});
const segmentOf = (items: QueueSegment['items'], sealed = false): QueueSegment => ({
  format: 'paxoscope/queue-segment@1',
  segment: 0,
  sealed,
  items,
});

describe('a queue segment', () => {
  it('encodes to documented JSON and decodes back', () => {
    const segment = segmentOf([
      { value: 'a', in: tagA, out: tagB },
      { value: 'b', in: tagC },
    ]);
    const text = new TextDecoder().decode(encodeSegment(segment));
    expect(text).toBe(
      `{"format":"paxoscope/queue-segment@1","segment":0,"sealed":false,"items":[{"value":"a","in":"${tagA}","out":"${tagB}"},{"value":"b","in":"${tagC}"}]}`,
    );
    expect(decodeSegment(key, 0, bytes(text))).toEqual(segment);
    expect(decodeSegment(key, 0, null)).toEqual(segmentOf([]));
  });

  it.each([
    ['bytes that are not UTF-8', new Uint8Array([0xff, 0xfe]), 'not UTF-8'],
    ['text that is not JSON', bytes('hello'), 'not JSON'],
    ['another kind of value', bytes('{"format":"paxoscope/set-bucket@1"}'), 'format: expected'],
    ['a newer version', bytes('{"format":"paxoscope/queue-segment@2"}'), 'another version'],
    [
      'a bad tag',
      bytes(
        '{"format":"paxoscope/queue-segment@1","segment":0,"sealed":false,"items":[{"value":"a","in":"x"}]}',
      ),
      'items[0].in',
    ],
    [
      'an extra field',
      bytes('{"format":"paxoscope/queue-segment@1","segment":0,"sealed":false,"items":[],"x":1}'),
      'Unrecognized key: "x"',
    ],
    [
      'another segment number',
      bytes('{"format":"paxoscope/queue-segment@1","segment":7,"sealed":false,"items":[]}'),
      'segment: 7',
    ],
  ])('refuses %s with a CorruptValueError naming the key', (_what, value, reason) => {
    const decode = () => decodeSegment(key, 0, value);
    expect(decode).toThrow(CorruptValueError);
    expect(decode).toThrow(`key "${key}"`);
    expect(decode).toThrow(reason);
  });

  it('refuses a popped element after an unpopped one (pops take a prefix)', () => {
    const bad = segmentOf([
      { value: 'a', in: tagA },
      { value: 'b', in: tagB, out: tagC },
    ]);
    expect(() => decodeSegment(key, 0, encodeSegment(bad))).toThrow('a popped element follows item 0');
  });
});

describe('push and pop evaluated on a segment', () => {
  it('pushes at the end and pops from the front, tagging each', () => {
    const pushed = evaluatePush(key, 0, state(segmentOf([{ value: 'a', in: tagA }])), 'b', tagB, 4096);
    expect(pushed).toMatchObject({ kind: 'write', answer: { kind: 'pushed', segment: 0, slot: 1 } });
    const afterPush = decodeSegment(key, 0, (pushed as { value: Uint8Array }).value);
    expect(afterPush.items).toEqual([
      { value: 'a', in: tagA },
      { value: 'b', in: tagB },
    ]);
    const popped = evaluatePop(key, 0, { version: 2, value: encodeSegment(afterPush) }, tagC);
    expect(popped).toMatchObject({ kind: 'write', answer: { kind: 'popped', value: 'a', slot: 0 } });
    expect(decodeSegment(key, 0, (popped as { value: Uint8Array }).value).items[0]).toEqual({
      value: 'a',
      in: tagA,
      out: tagC,
    });
  });

  it('answers an operation already applied from its tag, without writing', () => {
    const segment = segmentOf([
      { value: 'a', in: tagA, out: tagC },
      { value: 'b', in: tagB },
    ]);
    expect(evaluatePush(key, 0, state(segment), 'b', tagB, 4096)).toEqual({
      kind: 'answer',
      answer: { kind: 'pushed', segment: 0, slot: 1 },
      recorded: true,
    });
    expect(evaluatePop(key, 0, state(segment), tagC)).toEqual({
      kind: 'answer',
      answer: { kind: 'popped', segment: 0, slot: 0, value: 'a' },
      recorded: true,
    });
  });

  it('says empty on an open segment with nothing left, next on a finished one', () => {
    const drained = segmentOf([{ value: 'a', in: tagA, out: tagB }]);
    expect(evaluatePop(key, 0, state(drained), tagC)).toEqual({ kind: 'answer', answer: { kind: 'empty' } });
    expect(evaluatePop(key, 0, state({ ...drained, sealed: true }), tagC)).toEqual({
      kind: 'answer',
      answer: { kind: 'next' },
    });
    expect(evaluatePop(key, 0, state(null, 0), tagC)).toEqual({ kind: 'answer', answer: { kind: 'empty' } });
    expect(evaluatePush(key, 0, state({ ...drained, sealed: true }), 'x', tagC, 4096)).toEqual({
      kind: 'answer',
      answer: { kind: 'next' },
    });
  });

  it('seals a segment that cannot take the element, keeping room for every pop tag', () => {
    const segment = segmentOf([{ value: 'x'.repeat(40), in: tagA }]);
    const limit = segmentBytesReserved(segment) + 10;
    const decision = evaluatePush(key, 0, state(segment), 'y'.repeat(40), tagB, limit);
    expect(decision.kind).toBe('maintain');
    expect(decodeSegment(key, 0, (decision as { value: Uint8Array }).value).sealed).toBe(true);
    // Popping every element of a full segment never grows it past what was reserved.
    const popped = evaluatePop(key, 0, state(segment), tagC) as { value: Uint8Array };
    expect(popped.value.byteLength).toBeLessThanOrEqual(segmentBytesReserved(segment));
  });

  it('refuses an element no segment can hold, naming the field and the limit', () => {
    const limit = queueElementBytesMax(300);
    expect(() => checkElement('z'.repeat(limit), 300)).not.toThrow();
    const error = (() => {
      try {
        checkElement('z'.repeat(limit + 1), 300);
      } catch (e) {
        return e as FieldError;
      }
    })();
    expect(error).toBeInstanceOf(FieldError);
    expect(error).toMatchObject({ field: 'element', limit });
  });

  it('raises the head hint only upwards, the tail never below the head', () => {
    const hintKey = 'queue/jobs/head';
    const current = {
      version: 3,
      value: new TextEncoder().encode('{"format":"paxoscope/queue-head@1","head":2,"tail":4}'),
    };
    expect(evaluateRaiseHead(hintKey, current, { head: 1, tail: 3 })).toEqual({
      kind: 'answer',
      answer: { head: 2, tail: 4 },
    });
    const raised = evaluateRaiseHead(hintKey, current, { head: 6, tail: 0 });
    expect(raised.kind).toBe('write');
    expect(decodeHead(hintKey, (raised as { value: Uint8Array }).value)).toEqual({ head: 6, tail: 6 });
    expect(decodeHead(hintKey, null)).toEqual({ head: 0, tail: 0 });
  });
});
