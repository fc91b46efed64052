/**
 * A FIFO queue over per-key Paxos, split into segments (one key each) so it is not bounded by one value.
 * Segment n holds the elements pushed into it in order, each with the tag of the push that added it
 * (`in`) and, once popped, the tag of the pop that took it (`out`); popped elements form a prefix. A
 * segment that a push finds too full is sealed (a housekeeping write) and the push moves on to segment
 * n + 1, created by the first push that reaches it. So every element of segment n precedes every
 * element of n + 1, a pop takes the first element not yet popped of the first segment that is not
 * finished (sealed with every element popped), and each operation is one compare-and-set of one
 * segment. The tags make retries exactly once across segments: see docs/data-structures.md.
 *
 * Encoding (format paxoscope/queue-segment@1), fields in this order:
 *   {"format":"paxoscope/queue-segment@1","segment":3,"sealed":false,
 *    "items":[{"value":"a","in":"<tag>","out":"<tag>"},{"value":"b","in":"<tag>"}]}
 * and the head hint (paxoscope/queue-head@1): {"format":…,"head":2,"tail":3}, meaning every segment
 * below `head` is finished and every segment below `tail` is sealed (a lower bound, never required).
 */
import { z } from 'zod';
import { FieldError } from '../../util/field-error';
import { answer, opTagPattern, recorded, write, type Decision, type KeyState } from './decision';
import { byteLength, CorruptValueError, decodeDocument, encodeDocument, formatTag } from './structure-value';

export const queueSegmentFormat = formatTag('queue-segment', 1);
export const queueHeadFormat = formatTag('queue-head', 1);

const tag = z.string().regex(opTagPattern, 'must be an operation tag (16 hex digits)');
const itemSchema = z.strictObject({ value: z.string(), in: tag, out: tag.optional() });
const segmentSchema = z.strictObject({
  format: z.literal(queueSegmentFormat),
  segment: z.number().int().min(0),
  sealed: z.boolean(),
  items: z.array(itemSchema),
});
const headSchema = z.strictObject({
  format: z.literal(queueHeadFormat),
  head: z.number().int().min(0),
  tail: z.number().int().min(0),
});

export type QueueItem = z.infer<typeof itemSchema>;
export type QueueSegment = z.infer<typeof segmentSchema>;
export interface QueueHead {
  head: number;
  tail: number;
}

/** Where an element sits: its segment and its slot in that segment ("#3.17"). */
export interface QueuePosition {
  segment: number;
  slot: number;
}

export type PushResult = ({ kind: 'pushed' } & QueuePosition) | { kind: 'next' };
export type PopResult =
  ({ kind: 'popped'; value: string } & QueuePosition) | { kind: 'empty' } | { kind: 'next' };

/** Bytes an `out` tag adds to an item once popped: every unpopped item keeps room for one. */
const outTagBytes = byteLength(',"out":"0123456789abcdef"');

export function encodeSegment(segment: QueueSegment): Uint8Array {
  const items = segment.items.map((item) =>
    item.out === undefined
      ? { value: item.value, in: item.in }
      : { value: item.value, in: item.in, out: item.out },
  );
  return encodeDocument({
    format: queueSegmentFormat,
    segment: segment.segment,
    sealed: segment.sealed,
    items,
  });
}

/** The segment stored under `key` (segment number `number`), or an empty open one when there is none. */
export function decodeSegment(key: string, number: number, value: Uint8Array | null): QueueSegment {
  if (value === null) return { format: queueSegmentFormat, segment: number, sealed: false, items: [] };
  const segment = decodeDocument(key, value, queueSegmentFormat, segmentSchema);
  if (segment.segment !== number) {
    throw new CorruptValueError(key, `segment: ${segment.segment}, but the key is segment ${number}`);
  }
  const firstUnpopped = segment.items.findIndex((item) => item.out === undefined);
  if (firstUnpopped >= 0 && segment.items.slice(firstUnpopped).some((item) => item.out !== undefined)) {
    throw new CorruptValueError(
      key,
      `items: a popped element follows item ${firstUnpopped}, which is not popped`,
    );
  }
  return segment;
}

/** The bytes a segment may grow to once every unpopped element has been popped. */
export function segmentBytesReserved(segment: QueueSegment): number {
  const unpopped = segment.items.filter((item) => item.out === undefined).length;
  return encodeSegment(segment).byteLength + unpopped * outTagBytes;
}

/**
 * The largest element (in encoded bytes) a segment under `valueBytesMax` can take at all: what an empty
 * segment with a 15-digit number leaves for one item with both tags.
 */
export function queueElementBytesMax(valueBytesMax: number): number {
  const empty = { format: queueSegmentFormat, segment: 1e15, sealed: false, items: [] as QueueItem[] };
  const oneItem = { ...empty, items: [{ value: '', in: '0'.repeat(16) }] };
  return valueBytesMax - segmentBytesReserved(oneItem);
}

/** Refuses an element that no segment could hold. */
export function checkElement(element: string, valueBytesMax: number): void {
  const limit = queueElementBytesMax(valueBytesMax);
  const bytes = byteLength(JSON.stringify(element)) - 2;
  if (bytes > limit) {
    throw new FieldError(
      'element',
      `must be at most ${limit} bytes as JSON text to fit a segment, got ${bytes}`,
      limit,
    );
  }
}

/** Push `element` (tagged `opTag`) into segment `number`, whose current value is `state`. */
export function evaluatePush(
  key: string,
  number: number,
  state: KeyState,
  element: string,
  opTag: string,
  valueBytesMax: number,
): Decision<PushResult> {
  const segment = decodeSegment(key, number, state.value);
  const done = segment.items.findIndex((item) => item.in === opTag);
  if (done >= 0) return recorded({ kind: 'pushed', segment: number, slot: done });
  if (segment.sealed) return answer({ kind: 'next' });
  const grown = { ...segment, items: [...segment.items, { value: element, in: opTag }] };
  if (segmentBytesReserved(grown) <= valueBytesMax) {
    return write(encodeSegment(grown), { kind: 'pushed', segment: number, slot: segment.items.length });
  }
  if (segment.items.length === 0) {
    // checkElement refuses such an element before any write; a smaller limit than it was checked for.
    throw new FieldError('element', 'does not fit an empty segment', queueElementBytesMax(valueBytesMax));
  }
  return {
    kind: 'maintain',
    value: encodeSegment({ ...segment, sealed: true }),
    why: 'seal the full segment',
  };
}

/** Pop (tagged `opTag`) from segment `number`, whose current value is `state`. */
export function evaluatePop(
  key: string,
  number: number,
  state: KeyState,
  opTag: string,
): Decision<PopResult> {
  const segment = decodeSegment(key, number, state.value);
  const done = segment.items.findIndex((item) => item.out === opTag);
  if (done >= 0) return recorded(popped(number, done, segment.items[done]!));
  const slot = segment.items.findIndex((item) => item.out === undefined);
  if (slot < 0) return answer(segment.sealed ? { kind: 'next' } : { kind: 'empty' });
  const items = segment.items.map((item, i) => (i === slot ? { ...item, out: opTag } : item));
  return write(encodeSegment({ ...segment, items }), popped(number, slot, segment.items[slot]!));
}

/** What a pop would take from segment `number` now, without taking it. */
export function peekSegment(key: string, number: number, state: KeyState): PopResult {
  const segment = decodeSegment(key, number, state.value);
  const slot = segment.items.findIndex((item) => item.out === undefined);
  if (slot >= 0) return popped(number, slot, segment.items[slot]!);
  return segment.sealed ? { kind: 'next' } : { kind: 'empty' };
}

/** Elements of the segment not yet popped, and whether it is finished (sealed and all popped). */
export function segmentCounts(segment: QueueSegment): { unpopped: number; finished: boolean } {
  const unpopped = segment.items.filter((item) => item.out === undefined).length;
  return { unpopped, finished: segment.sealed && unpopped === 0 };
}

function popped(segment: number, slot: number, item: QueueItem): PopResult {
  return { kind: 'popped', segment, slot, value: item.value };
}

export function encodeHead(head: QueueHead): Uint8Array {
  return encodeDocument({ format: queueHeadFormat, head: head.head, tail: head.tail });
}

/** The head hint, or {0, 0} when the queue has none yet. */
export function decodeHead(key: string, value: Uint8Array | null): QueueHead {
  if (value === null) return { head: 0, tail: 0 };
  const { head, tail } = decodeDocument(key, value, queueHeadFormat, headSchema);
  return { head, tail };
}

/** Raises the hint to what an operation saw (hints only grow); nothing to write when it knew as much. */
export function evaluateRaiseHead(key: string, state: KeyState, seen: QueueHead): Decision<QueueHead> {
  const current = decodeHead(key, state.value);
  const head = Math.max(current.head, seen.head);
  // A finished segment is sealed, so the tail hint is never below the head hint.
  const raised = { head, tail: Math.max(current.tail, seen.tail, head) };
  if (raised.head === current.head && raised.tail === current.tail) return answer(current);
  return write(encodeHead(raised), raised);
}
