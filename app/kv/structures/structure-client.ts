/**
 * One queue or set operation carried out as the client library does it (node-agent/kit/structures/
 * cas-loop.ts), but as a pure state machine that a simulated run can drive: read the key, evaluate the
 * operation on the value with this file's siblings' pure functions, compare-and-set at the version
 * read, and on a conflict, a failure or a lost reply read again and evaluate again (the operation's tag
 * in the value says whether an earlier attempt applied). Every attempt is an ordinary get or cas of a
 * structure key, so the run's per-key linearizability check judges them like any other request.
 *
 * Differences from the kit, both for the simulator's sake: each attempt is a new request (the tag, not
 * the store's request-id dedup, makes the operation exactly once), and the queue's head hint is not
 * used (a walk from segment 0 is always correct, only slower).
 */
import type { ClientReply } from '../operations';
import { bytesToUtf8 } from '../../util/byte-text';
import type { Decision, KeyState } from './decision';
import { evaluatePop, evaluatePush } from './queue';
import { bucketContains, bucketOf, evaluateAdd, evaluateRemove } from './set';
import { queueSegmentKey, setBucketKey } from './structure-keys';

export type StructureOp =
  | { kind: 'push'; queue: string; element: string }
  | { kind: 'pop'; queue: string }
  | { kind: 'add'; set: string; member: string }
  | { kind: 'remove'; set: string; member: string }
  | { kind: 'contains'; set: string; member: string };

/**
 * What the operation answered: push "pushed", pop the element or null when empty, add "added" or
 * "already-member", remove "removed" or "not-member", contains true or false.
 */
export type StructureAnswer = string | null | boolean;

/** One structure operation as its caller saw it (the structure checkers' history). */
export interface StructureRecord {
  id: string;
  /** The tag it records in the values it writes. */
  tag: string;
  op: StructureOp;
  callMs: number;
  /** Null when it gave up in doubt (outcome unknown). */
  returnMs: number | null;
  /** ok: applied once (or read) with `answer`; fail: certainly not applied; unknown: either. */
  outcome: 'ok' | 'fail' | 'unknown';
  answer?: StructureAnswer;
}

/** A request the client wants sent, in the simulator's vocabulary (values as text). */
export type StructureRequest =
  | { kind: 'get'; key: string }
  | { kind: 'cas'; key: string; value: string; expectedVersion: number }
  | { kind: 'put'; key: string; value: string };

export interface StructureClientOptions {
  /** Failed attempts (conflicts, failures, lost replies) before giving up. */
  attemptsMax: number;
  valueBytesMax: number;
  /**
   * Only for testing the checker: pops write with a plain put instead of a compare-and-set, the
   * lost-update bug (two pops take one element, a push between read and write vanishes).
   */
  unguardedPops?: boolean;
}

/** A 16-hex-digit tag from an operation id (FNV-1a 64, so pure code needs no hashing library). */
export function structureTag(id: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(id)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

type Phase = { kind: 'read' } | { kind: 'write'; own: boolean; answer: StructureAnswer } | { kind: 'done' };

export class StructureClient {
  readonly tag: string;
  private phase: Phase = { kind: 'read' };
  /** The queue segment the operation is at (walks forward past sealed or finished segments). */
  private segment = 0;
  private failures = 0;
  /** A write of this operation may have applied without our hearing it. */
  private inDoubt = false;
  private result: StructureRecord | null = null;

  constructor(
    readonly id: string,
    readonly op: StructureOp,
    readonly callMs: number,
    private readonly options: StructureClientOptions,
  ) {
    this.tag = structureTag(id);
  }

  get key(): string {
    const { op } = this;
    if (op.kind === 'push' || op.kind === 'pop') return queueSegmentKey(op.queue, this.segment);
    return setBucketKey(op.set, bucketOf(op.member));
  }

  get done(): StructureRecord | null {
    return this.result;
  }

  /** What to send now: a read, or the write the last evaluation decided. */
  request(): StructureRequest {
    if (this.phase.kind !== 'read') throw new Error(`structure client ${this.id}: no request to send`);
    return { kind: 'get', key: this.key };
  }

  /** The reply to the last request (null: none came within the caller's patience). */
  onReply(reply: ClientReply | null, nowMs: number): StructureRequest | null {
    const phase = this.phase;
    if (phase.kind === 'read') {
      if (reply?.ok) return this.evaluate({ version: reply.version, value: reply.value }, nowMs);
      return this.failed(nowMs, false);
    }
    if (phase.kind === 'write') {
      if (reply?.ok) {
        if (phase.own) return this.finish(nowMs, 'ok', phase.answer);
        this.phase = { kind: 'read' };
        return this.request();
      }
      const certain = reply !== null && !reply.ok && reply.definite;
      return this.failed(nowMs, phase.own && !certain);
    }
    throw new Error(`structure client ${this.id}: a reply after it finished`);
  }

  private failed(nowMs: number, maybeApplied: boolean): StructureRequest | null {
    this.inDoubt ||= maybeApplied;
    this.failures += 1;
    if (this.failures >= this.options.attemptsMax) {
      return this.finish(nowMs, this.inDoubt ? 'unknown' : 'fail', undefined);
    }
    this.phase = { kind: 'read' };
    return this.request();
  }

  private evaluate(state: KeyState, nowMs: number): StructureRequest | null {
    const { op, key } = this;
    const decision = this.decide(state);
    if (decision.kind === 'answer') {
      const answer = decision.answer;
      if (answer === 'next') {
        this.segment += 1;
        return this.request();
      }
      return this.finish(nowMs, 'ok', answer);
    }
    const value = bytesToUtf8(decision.value)!;
    const own = decision.kind === 'write';
    this.phase = { kind: 'write', own, answer: own ? decision.answer : null };
    if (own && op.kind === 'pop' && this.options.unguardedPops) return { kind: 'put', key, value };
    return { kind: 'cas', key, value, expectedVersion: state.version };
  }

  /** The operation's decision on the key's value, its answer in the record's words ('next': walk on). */
  private decide(state: KeyState): Decision<StructureAnswer | 'next'> {
    const { op, key, tag, segment } = this;
    const bytesMax = this.options.valueBytesMax;
    switch (op.kind) {
      case 'push':
        return mapAnswer(evaluatePush(key, segment, state, op.element, tag, bytesMax), (r) =>
          r.kind === 'next' ? 'next' : 'pushed',
        );
      case 'pop':
        return mapAnswer(evaluatePop(key, segment, state, tag), (r) =>
          r.kind === 'popped' ? r.value : r.kind === 'next' ? 'next' : null,
        );
      case 'add':
        return evaluateAdd(key, state, op.member, tag, bytesMax);
      case 'remove':
        return evaluateRemove(key, state, op.member, tag);
      case 'contains':
        return { kind: 'answer', answer: bucketContains(key, state, op.member) };
    }
  }

  private finish(
    nowMs: number,
    outcome: StructureRecord['outcome'],
    answer: StructureAnswer | undefined,
  ): null {
    this.phase = { kind: 'done' };
    const { id, tag, op, callMs } = this;
    this.result = {
      id,
      tag,
      op,
      callMs,
      returnMs: outcome === 'unknown' ? null : nowMs,
      outcome,
      ...(answer === undefined ? {} : { answer }),
    };
    return null;
  }
}

function mapAnswer<T, U>(decision: Decision<T>, map: (answer: T) => U): Decision<U> {
  return decision.kind === 'maintain' ? decision : { ...decision, answer: map(decision.answer) };
}
