/**
 * Histories of a store that is linearizable by construction: clients issue operations with random
 * think times and latencies, and each operation takes effect on a single in-memory map at a random
 * moment between its call and its return. The tests use it to show the checker accepts real
 * concurrency (and rejects it once a result is corrupted); the benchmark uses it as its workload.
 */
import type { KvOperationKind } from '../kv/operations';
import type { HistoryOperation } from './history';
import { createPrng, nextFloat, nextInt, type PrngState } from '../util/prng';

export interface ReferenceRunOptions {
  seed: number;
  operations: number;
  clients: number;
  keys: number;
  /** Share of gets; the rest are writes (PaxosStore's workload: 3.3 reads to 1 write, about 0.77). */
  readShare?: number;
  /** Relative weights of the write kinds; by default 60 % put, 25 % cas, 15 % delete. */
  writeMix?: { put: number; cas: number; delete: number };
  /**
   * False records answers without versions (a get keeps only its value, a write no result), the
   * shape of value-only histories from other tools. Default true, as the store reports them.
   */
  reportVersions?: boolean;
  /** Share of writes that end unknown (timed out); half of those take effect anyway. */
  unknownShare?: number;
  /** Share of operations that fail definitely (refused before any effect). */
  failShare?: number;
  /** Latency from call to effect and from effect to return, each drawn up to this. */
  latencyMsMax?: number;
  /** Pause between a client's answer and its next call, drawn up to this. */
  thinkMsMax?: number;
}

const defaultWriteMix = { put: 0.6, cas: 0.25, delete: 0.15 };
const textEncoder = new TextEncoder();
/** How long a client waits before it records a timeout; a late effect may land long after. */
const timeoutFactor = 4;

interface Scheduled {
  operation: HistoryOperation;
  /** The moment the operation takes effect, or null when it never does. */
  effectMs: number | null;
}

export function referenceRun(options: ReferenceRunOptions): HistoryOperation[] {
  const prng = createPrng(options.seed);
  const scheduled = schedule(options, prng);
  applyInEffectOrder(scheduled, prng);
  const operations = scheduled.map((item) => item.operation).sort((a, b) => a.callMs - b.callMs);
  if (options.reportVersions === false) operations.forEach(forgetVersions);
  return operations;
}

/** Decides who calls what and when; results are filled in later, in effect order. */
function schedule(options: ReferenceRunOptions, prng: PrngState): Scheduled[] {
  const {
    readShare = 3.3 / 4.3,
    unknownShare = 0.01,
    failShare = 0.005,
    writeMix = defaultWriteMix,
  } = options;
  const latencyMsMax = options.latencyMsMax ?? 10;
  const thinkMsMax = options.thinkMsMax ?? 2;
  const freeAtMs = new Array<number>(options.clients).fill(0);
  const scheduled: Scheduled[] = [];
  for (let n = 0; n < options.operations; n++) {
    const client = earliestFree(freeAtMs);
    const callMs = roundMs((freeAtMs[client] ?? 0) + nextFloat(prng) * thinkMsMax);
    const kind = nextFloat(prng) < readShare ? 'get' : pickWriteKind(writeMix, nextFloat(prng));
    const roll = nextFloat(prng);
    const outcome =
      roll < failShare ? 'fail' : kind !== 'get' && roll < failShare + unknownShare ? 'unknown' : 'ok';
    const effectMs = roundMs(
      callMs + nextFloat(prng) * latencyMsMax * (outcome === 'unknown' ? timeoutFactor : 1),
    );
    const returnMs = outcome === 'unknown' ? null : roundMs(effectMs + nextFloat(prng) * latencyMsMax);
    const operation: HistoryOperation = {
      id: `op${n}`,
      client: `c${client}`,
      kind,
      key: `k${nextInt(prng, 0, options.keys - 1)}`,
      callMs,
      returnMs,
      outcome,
    };
    if (kind === 'put' || kind === 'cas') operation.value = textEncoder.encode(`v${n}`);
    // A cas that reaches the store expects what its client last saw (set then); one that never does keeps 0.
    if (kind === 'cas') operation.expectedVersion = 0;
    const applies = outcome === 'ok' || (outcome === 'unknown' && nextFloat(prng) < 0.5);
    scheduled.push({ operation, effectMs: applies ? effectMs : null });
    freeAtMs[client] = returnMs ?? callMs + latencyMsMax * timeoutFactor;
  }
  return scheduled;
}

/** Runs the operations against one map in effect order, recording what each client saw. */
function applyInEffectOrder(scheduled: Scheduled[], prng: PrngState): void {
  const store = new Map<string, { value: Uint8Array | null; version: number }>();
  /** The version each client last saw per key: what its next cas expects. */
  const seen = new Map<string, number>();
  const effective = scheduled.filter((item) => item.effectMs !== null);
  effective.sort((a, b) => (a.effectMs ?? 0) - (b.effectMs ?? 0));
  for (const { operation } of effective) {
    const state = store.get(operation.key) ?? { value: null, version: 0 };
    const seenKey = `${operation.client}\u0000${operation.key}`;
    if (operation.kind === 'cas') {
      // Mostly the version last seen (which may be stale); sometimes a blind guess at the current one.
      operation.expectedVersion = seen.get(seenKey) ?? (nextFloat(prng) < 0.5 ? state.version : 0);
    }
    const next = applyOperation(operation, state);
    store.set(operation.key, next);
    if (operation.outcome === 'ok') seen.set(seenKey, next.version);
  }
}

/** The model's transition, recording the answer on ok operations. */
function applyOperation(
  operation: HistoryOperation,
  state: { value: Uint8Array | null; version: number },
): { value: Uint8Array | null; version: number } {
  const answer = operation.outcome === 'ok';
  if (operation.kind === 'get') {
    if (answer) operation.result = { value: state.value, version: state.version };
    return state;
  }
  if (operation.kind === 'cas' && operation.expectedVersion !== state.version) {
    if (answer) {
      operation.outcome = 'fail';
      operation.result = { currentVersion: state.version };
    }
    return state;
  }
  const next = {
    value: operation.kind === 'delete' ? null : (operation.value ?? null),
    version: state.version + 1,
  };
  if (answer) operation.result = { version: next.version };
  return next;
}

function forgetVersions(operation: HistoryOperation): void {
  if (operation.result === undefined) return;
  if (operation.kind === 'get') operation.result = { value: operation.result.value ?? null };
  else delete operation.result;
}

function earliestFree(freeAtMs: readonly number[]): number {
  let best = 0;
  for (let client = 1; client < freeAtMs.length; client++) {
    if ((freeAtMs[client] ?? 0) < (freeAtMs[best] ?? 0)) best = client;
  }
  return best;
}

function pickWriteKind(mix: { put: number; cas: number; delete: number }, roll: number): KvOperationKind {
  const scaled = roll * (mix.put + mix.cas + mix.delete);
  if (scaled < mix.put) return 'put';
  return scaled < mix.put + mix.cas ? 'cas' : 'delete';
}

/** Microsecond resolution keeps the JSON short and the order of distinct moments intact. */
function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
