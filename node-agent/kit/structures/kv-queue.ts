/**
 * A FIFO queue (app/kv/structures/queue.ts) through the store: push, pop, peek and length. An
 * operation starts at the head hint's segment and walks forward; each push or pop is one
 * compare-and-set of one segment (plus, when it fills one, the seal), and moving past a segment raises
 * the hint (a best-effort write that no operation depends on).
 */
import {
  checkElement,
  decodeHead,
  decodeSegment,
  evaluatePop,
  evaluatePush,
  evaluateRaiseHead,
  peekSegment,
  segmentCounts,
  type PopResult,
  type QueueHead,
  type QueuePosition,
} from '../../../app/kv/structures/queue';
import { checkName, queueHeadKey, queueSegmentKey } from '../../../app/kv/structures/structure-keys';
import type { StructureLimits } from '../../../app/kv/structures/structure-value';
import { OperationRun, StructureGaveUpError, type OperationOptions, type StructureOutcome } from './cas-loop';
import type { KvPort } from './kv-port';

/** A pop's or peek's outcome; null: the queue was empty. */
export type Popped = ({ value: string } & QueuePosition) | null;

export interface QueueLength {
  length: number;
  /** Segments read, from the head hint's to the first that does not exist yet. */
  segments: { first: number; last: number };
}

/** A queue's unpopped elements with their places, and the segments read. */
export interface QueueContents {
  elements: ({ value: string } & QueuePosition)[];
  segments: QueueLength['segments'];
}

/** How far a walk may go past the hint before it is taken as a fault (a hint far behind, say). */
const segmentsWalkedMax = 1_000_000;

export class KvQueue {
  constructor(
    private readonly port: KvPort,
    readonly name: string,
    private readonly limits: StructureLimits,
  ) {
    checkName('queue', name, limits.keyBytesMax);
  }

  /** Appends `element`; answers where it went. */
  async push(element: string, options: OperationOptions = {}): Promise<StructureOutcome<QueuePosition>> {
    checkElement(element, this.limits.valueBytesMax);
    const run = new OperationRun(this.port, options);
    const hint = await this.hint(run);
    for (let segment = hint.tail; segment < hint.tail + segmentsWalkedMax; segment += 1) {
      const key = queueSegmentKey(this.name, segment);
      const { answer } = await run.update(key, (state) =>
        evaluatePush(key, segment, state, element, run.tag, this.limits.valueBytesMax),
      );
      if (answer.kind === 'pushed') {
        await this.raiseHint(run, hint, { head: hint.head, tail: segment });
        return { result: { segment: answer.segment, slot: answer.slot }, run };
      }
    }
    throw new StructureGaveUpError(
      run.requestId,
      run.inDoubt,
      run.attempts,
      'walked too many sealed segments',
    );
  }

  /** Takes the first element; each element is taken by one pop only. */
  async pop(options: OperationOptions = {}): Promise<StructureOutcome<Popped>> {
    return this.take(new OperationRun(this.port, options), true);
  }

  /** The element a pop would take now, without taking it. */
  async peek(options: OperationOptions = {}): Promise<StructureOutcome<Popped>> {
    return this.take(new OperationRun(this.port, options), false);
  }

  /** Elements pushed and not yet popped, counted segment by segment (not one snapshot). */
  async length(options: OperationOptions = {}): Promise<StructureOutcome<QueueLength>> {
    const run = new OperationRun(this.port, options);
    const hint = await this.hint(run);
    let length = 0;
    let segment = hint.head;
    for (; ; segment += 1) {
      const key = queueSegmentKey(this.name, segment);
      const state = await run.read(key);
      if (state.value === null) break;
      length += segmentCounts(decodeSegment(key, segment, state.value)).unpopped;
    }
    const result: QueueLength = { length, segments: { first: hint.head, last: segment - 1 } };
    return { result, run };
  }

  /**
   * The elements not yet popped, oldest first, read segment by segment from the head hint (each read
   * linearizable, the whole not one snapshot): what the console shows as the queue's value.
   */
  async contents(options: OperationOptions = {}): Promise<StructureOutcome<QueueContents>> {
    const run = new OperationRun(this.port, options);
    const hint = await this.hint(run);
    const elements: ({ value: string } & QueuePosition)[] = [];
    let segment = hint.head;
    for (; ; segment += 1) {
      const key = queueSegmentKey(this.name, segment);
      const state = await run.read(key);
      if (state.value === null) break;
      decodeSegment(key, segment, state.value).items.forEach((item, slot) => {
        if (item.out === undefined) elements.push({ value: item.value, segment, slot });
      });
    }
    return { result: { elements, segments: { first: hint.head, last: segment - 1 } }, run };
  }

  private async take(run: OperationRun, popping: boolean): Promise<StructureOutcome<Popped>> {
    const hint = await this.hint(run);
    for (let segment = hint.head; segment < hint.head + segmentsWalkedMax; segment += 1) {
      const key = queueSegmentKey(this.name, segment);
      const answer: PopResult = popping
        ? (await run.update(key, (state) => evaluatePop(key, segment, state, run.tag))).answer
        : peekSegment(key, segment, await run.read(key));
      if (answer.kind === 'next') continue;
      if (popping) await this.raiseHint(run, hint, { head: segment, tail: segment });
      const popped: Popped =
        answer.kind === 'popped' ? { value: answer.value, segment: answer.segment, slot: answer.slot } : null;
      return { result: popped, run };
    }
    throw new StructureGaveUpError(
      run.requestId,
      run.inDoubt,
      run.attempts,
      'walked too many finished segments',
    );
  }

  private async hint(run: OperationRun): Promise<QueueHead> {
    const key = queueHeadKey(this.name);
    return decodeHead(key, (await run.read(key)).value);
  }

  /** Raises the head hint when the operation walked past it; its failure costs nothing but a later walk. */
  private async raiseHint(run: OperationRun, hint: QueueHead, seen: QueueHead): Promise<void> {
    if (seen.head <= hint.head && seen.tail <= hint.tail) return;
    const key = queueHeadKey(this.name);
    try {
      await run.update(key, (state) => evaluateRaiseHead(key, state, seen), true);
    } catch (error) {
      if (!(error instanceof StructureGaveUpError)) throw error;
    }
  }
}
