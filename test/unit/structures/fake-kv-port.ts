/**
 * An in-memory store with the cluster's semantics for what the data structures use (linearizable reads,
 * compare-and-set on the version, a per-key window of applied request ids answered `dedup`), and a
 * script of faults for the next compare-and-sets: a reply lost after the write was applied, a write
 * that fails before it is applied, one that is delayed and applied just before the next write to the
 * key, and another client's write slipped in first (a version conflict).
 */
import type { KeyState } from '../../../app/kv/structures/decision';
import { StoreFailure, type CasAnswer, type KvPort } from '../../../node-agent/kit/structures/kv-port';

export type Fault =
  | 'lose-reply'
  | 'fail'
  | 'delay'
  /** Another client acts first (then this write meets the version it left). */
  | { interfere: (store: FakeKvPort) => Promise<void> | void }
  /** The write is applied, other clients act, and the reply is lost. */
  | { loseReplyThen: (store: FakeKvPort) => Promise<void> | void };

interface Stored {
  version: number;
  value: Uint8Array | null;
  /** Request ids applied, with the version each produced, newest last. */
  window: { requestId: string; version: number }[];
}

export class FakeKvPort implements KvPort {
  readonly keys = new Map<string, Stored>();
  /** Faults for the coming compare-and-sets, by key prefix ('' matches every key), consumed in order. */
  private readonly faults: { prefix: string; fault: Fault }[] = [];
  private readonly delayed = new Map<string, () => void>();
  /** Every compare-and-set that reached the store, applied or not. */
  readonly casLog: { key: string; expectedVersion: number; requestId: string; outcome: string }[] = [];
  reads = 0;
  /** Consulted for a fault when no scripted one matches (random faults in a fuzz test). */
  chaos: ((key: string) => Fault | undefined) | undefined;

  constructor(private readonly dedupWindow = 64) {}

  inject(fault: Fault, prefix = ''): this {
    this.faults.push({ prefix, fault });
    return this;
  }

  async read(key: string): Promise<KeyState> {
    await Promise.resolve();
    this.reads += 1;
    const stored = this.keys.get(key);
    return { version: stored?.version ?? 0, value: stored?.value ?? null };
  }

  async compareAndSet(
    key: string,
    expectedVersion: number,
    value: Uint8Array,
    requestId: string,
  ): Promise<CasAnswer> {
    await Promise.resolve();
    this.delayed.get(key)?.();
    const at = this.faults.findIndex((f) => key.startsWith(f.prefix));
    const fault = at >= 0 ? this.faults.splice(at, 1)[0]!.fault : this.chaos?.(key);
    if (typeof fault === 'object' && 'interfere' in fault) await fault.interfere(this);
    if (fault === 'fail') {
      this.casLog.push({ key, expectedVersion, requestId, outcome: 'failed' });
      throw new StoreFailure('UNAVAILABLE: injected failure', 'UNAVAILABLE', false);
    }
    if (fault === 'delay') {
      this.delayed.set(key, () => {
        this.delayed.delete(key);
        this.apply(key, expectedVersion, value, requestId);
      });
      throw new StoreFailure('DEADLINE_EXCEEDED: injected delay', 'DEADLINE_EXCEEDED', false);
    }
    const answer = this.apply(key, expectedVersion, value, requestId);
    if (typeof fault === 'object' && 'loseReplyThen' in fault) {
      await fault.loseReplyThen(this);
      throw new StoreFailure('UNAVAILABLE: injected lost reply', 'UNAVAILABLE', false);
    }
    if (fault === 'lose-reply')
      throw new StoreFailure('UNAVAILABLE: injected lost reply', 'UNAVAILABLE', false);
    return answer;
  }

  /** A plain write by someone else (no request id of interest). */
  set(key: string, value: Uint8Array | null): void {
    const stored = this.keys.get(key) ?? { version: 0, value: null, window: [] };
    this.keys.set(key, { ...stored, version: stored.version + 1, value });
  }

  text(key: string): string | null {
    const value = this.keys.get(key)?.value;
    return value ? new TextDecoder().decode(value) : null;
  }

  private apply(key: string, expectedVersion: number, value: Uint8Array, requestId: string): CasAnswer {
    const stored = this.keys.get(key) ?? { version: 0, value: null, window: [] };
    const earlier = stored.window.find((applied) => applied.requestId === requestId);
    if (earlier) {
      this.casLog.push({ key, expectedVersion, requestId, outcome: 'dedup' });
      return { kind: 'dedup', version: earlier.version, servedBy: 'fake' };
    }
    if (stored.version !== expectedVersion) {
      this.casLog.push({ key, expectedVersion, requestId, outcome: 'conflict' });
      return { kind: 'conflict', currentVersion: stored.version };
    }
    const version = stored.version + 1;
    const window = [...stored.window, { requestId, version }].slice(-this.dedupWindow);
    this.keys.set(key, { version, value, window });
    this.casLog.push({ key, expectedVersion, requestId, outcome: 'applied' });
    return { kind: 'applied', version, path: 'fast', servedBy: 'fake' };
  }
}
