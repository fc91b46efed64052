/**
 * The client half of every data-structure operation: read the key's value and version, evaluate the
 * operation on it (a pure function from app/kv/structures), compare-and-set with the version read, and
 * on a version conflict read and evaluate again, a bounded number of times. One logical operation is
 * one OperationRun: every attempt of its write carries the run's one request id, so an attempt that was
 * applied but whose reply was lost is answered `dedup` when the next attempt reaches the store, and the
 * operation's tag (derived from that id) is recorded in the value, so the next evaluation sees that it
 * was applied. The argument is in docs/data-structures.md.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Decision, KeyState } from '../../../app/kv/structures/decision';
import type { ReplyPath } from '../../../app/kv/operations';
import { StoreFailure, type KvPort } from './kv-port';

/** Attempts one operation may make (reads that failed, conflicts, writes in doubt) before it gives up. */
export const attemptsDefault = 16;
/** The longest wait between two attempts. */
const backoffMsMax = 250;

/** The 16-hex-digit tag an operation records in the values it writes: SHA-256 of its request id. */
export function opTagOf(requestId: string): string {
  return createHash('sha256').update(requestId).digest('hex').slice(0, 16);
}

/** One write an operation made or tried, for the command line's report. */
export interface WriteNote {
  key: string;
  expectedVersion: number;
  outcome: 'applied' | 'dedup' | 'conflict' | 'in doubt';
  /** The key's version after the write (applied, dedup) or found (conflict). */
  version?: number;
  /** The PaxosLog entry the write was chosen at (applied, dedup), when the store said. */
  index?: number;
  path?: ReplyPath;
  /** True for housekeeping writes (sealing a segment, index entries, hints). */
  housekeeping: boolean;
}

/** The operation could not complete within its attempts. */
export class StructureGaveUpError extends Error {
  override name = 'StructureGaveUpError';

  constructor(
    readonly requestId: string,
    /** True when an attempt of the operation may have been applied (its outcome was never learned). */
    readonly inDoubt: boolean,
    readonly attempts: number,
    readonly lastProblem: string,
  ) {
    const outcome = inDoubt
      ? `an attempt may have been applied: repeat with --request-id ${requestId} (the same id) to learn its outcome`
      : 'nothing was applied';
    super(`gave up after ${attempts} attempts (last: ${lastProblem}); ${outcome}`);
  }
}

/** A dedup answer for a request id this run never sent a write for: the id was used before. */
export class RequestIdReusedError extends Error {
  override name = 'RequestIdReusedError';
}

export interface OperationOptions {
  /** The operation's request id over all its attempts; a fresh one when absent. */
  requestId?: string;
  /** Default attemptsDefault. */
  attemptsMax?: number;
}

/** An operation's result with the run that produced it (its request id, reads and writes). */
export interface StructureOutcome<T> {
  result: T;
  run: OperationRun;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class OperationRun {
  readonly requestId: string;
  readonly tag: string;
  readonly writes: WriteNote[] = [];
  reads = 0;
  attempts = 0;
  /** Some write of this operation failed without a definite answer. */
  inDoubt = false;
  /** The key where the operation was found already applied (its tag in the value), if it was. */
  foundApplied: { key: string; version: number } | undefined;
  private readonly attemptsMax: number;
  private housekeepingCount = 0;

  constructor(
    private readonly port: KvPort,
    options: OperationOptions = {},
  ) {
    this.requestId = options.requestId ?? `structure-${randomBytes(8).toString('hex')}`;
    this.tag = opTagOf(this.requestId);
    this.attemptsMax = options.attemptsMax ?? attemptsDefault;
  }

  /** Reads a key, retrying failed reads within the run's attempts. */
  async read(key: string): Promise<KeyState> {
    for (;;) {
      try {
        this.reads += 1;
        return await this.port.read(key);
      } catch (error) {
        await this.failed(error, `read of ${key}`);
      }
    }
  }

  /**
   * Carries out `evaluate` on `key` until it answers: returns its answer and the key's version then
   * (after the write, or as read). `housekeeping` writes carry a request id of their own.
   */
  async update<T>(
    key: string,
    evaluate: (state: KeyState) => Decision<T>,
    housekeeping = false,
  ): Promise<{ answer: T; version: number }> {
    /** What each write sent for this key would answer, by the version it expected. */
    const sent = new Map<number, T>();
    for (;;) {
      const state = await this.read(key);
      const decision = evaluate(state);
      if (decision.kind === 'answer') {
        if (decision.recorded) this.foundApplied = { key, version: state.version };
        return { answer: decision.answer, version: state.version };
      }
      const ownWrite = decision.kind === 'write' && !housekeeping;
      const id = ownWrite ? this.requestId : this.housekeepingId();
      if (decision.kind === 'write') sent.set(state.version, decision.answer);
      const note: WriteNote = {
        key,
        expectedVersion: state.version,
        outcome: 'in doubt',
        housekeeping: !ownWrite,
      };
      this.writes.push(note);
      let reply;
      try {
        reply = await this.port.compareAndSet(key, state.version, decision.value, id);
      } catch (error) {
        if (ownWrite && error instanceof StoreFailure && !error.definite) this.inDoubt = true;
        await this.failed(error, `write of ${key}`);
        continue;
      }
      Object.assign(note, {
        outcome: reply.kind,
        version: reply.kind === 'conflict' ? reply.currentVersion : reply.version,
      });
      if (reply.kind !== 'conflict' && reply.index !== undefined) note.index = reply.index;
      if (reply.kind === 'applied') note.path = reply.path;
      if (reply.kind === 'conflict') {
        await this.failed(
          null,
          `version conflict on ${key} (expected ${state.version}, found ${reply.currentVersion})`,
        );
        continue;
      }
      if (decision.kind === 'maintain') continue;
      if (reply.kind === 'applied') return { answer: decision.answer, version: reply.version };
      // dedup: the attempt that was applied expected the version just below the one it produced.
      const applied = sent.get(reply.version - 1);
      if (applied === undefined) {
        throw new RequestIdReusedError(
          `request id ${id} was already applied to ${key} at version ${reply.version} by another run; its result is unknown here`,
        );
      }
      return { answer: applied, version: reply.version };
    }
  }

  /** A fresh id for each housekeeping write (they are idempotent; a retry may be a new write). */
  private housekeepingId(): string {
    this.housekeepingCount += 1;
    return `${this.requestId}.h${this.housekeepingCount}`;
  }

  /** Counts a failed attempt (rethrowing what is not a store failure) and waits a little before the next. */
  private async failed(error: unknown, what: string): Promise<void> {
    if (error !== null && !(error instanceof StoreFailure)) throw error;
    this.attempts += 1;
    const problem = error === null ? what : `${what}: ${error.message}`;
    if (this.attempts >= this.attemptsMax) {
      throw new StructureGaveUpError(this.requestId, this.inDoubt, this.attempts, problem);
    }
    // Full jitter, doubling from 4 ms up to a quarter second, so contending clients spread out instead
    // of meeting again at the next version (a write round takes some tens of ms).
    await sleep(Math.random() * Math.min(2 ** (this.attempts + 1), backoffMsMax));
  }
}
