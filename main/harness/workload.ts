/**
 * The workload: N closed-loop clients, each issuing one operation at a time until the run ends, paced
 * so that together they aim at a target rate. Every operation goes to the recorder as it returns.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { workloadClientName } from '../../app/contract/checker-vocabulary';
import { kvOperation } from '../../app/kv/operations';
import { createPrng, type PrngState } from '../../app/util/prng';
import { runOperation, type OperationContext, type WriteRoaming } from './client-operation';
import type { HistoryRecorder } from './history-recorder';
import { keyChooser, type KeyChooser, type KeyDistribution } from './key-chooser';
import { pickOperationKind, type OperationMix } from './operation-mix';
import type { ReadPath } from './read-paths';
import { emptyRetryTally, type RetryTally } from './roaming-write';
import type { ClusterKvClient } from '../../node-agent';

export interface WorkloadOptions {
  seed: number;
  clients: number;
  keys: readonly string[];
  distribution: KeyDistribution;
  mix: OperationMix;
  /** Operations per second over all clients together; a slow cluster gets fewer (closed loop). */
  rateOpsPerSecond: number;
  requestDeadlineMs: number;
  /** When the clients stop issuing, on the recorder's clock. */
  endMs: number;
  /** Stops the clients early: each finishes the operation it has out and issues no more. */
  signal?: AbortSignal;
  /** Writes that go to random agents and retry on others with their request id (roaming-write.ts). */
  roaming?: Omit<WriteRoaming, 'tally'>;
}

export async function runWorkload(
  options: WorkloadOptions,
  kv: ClusterKvClient,
  read: ReadPath,
  recorder: HistoryRecorder,
): Promise<RetryTally> {
  const chooseKey = keyChooser(options.distribution, options.keys.length);
  const tally = emptyRetryTally();
  const roaming = options.roaming ? { ...options.roaming, tally } : undefined;
  const clients = Array.from({ length: options.clients }, (_, index) =>
    runClient(workloadClientName(index), createPrng(options.seed * 7919 + index), options, chooseKey, {
      kv,
      read,
      recorder,
      roaming,
    }),
  );
  await Promise.all(clients);
  return tally;
}

interface ClientDependencies {
  kv: ClusterKvClient;
  read: ReadPath;
  recorder: HistoryRecorder;
  roaming: WriteRoaming | undefined;
}

async function runClient(
  client: string,
  prng: PrngState,
  options: WorkloadOptions,
  chooseKey: KeyChooser,
  dependencies: ClientDependencies,
): Promise<void> {
  const { recorder } = dependencies;
  const intervalMs = (1000 * options.clients) / options.rateOpsPerSecond;
  const context: OperationContext = {
    kv: dependencies.kv,
    read: dependencies.read,
    now: () => recorder.now(),
    requestDeadlineMs: options.requestDeadlineMs,
    prng,
    ...(dependencies.roaming ? { roaming: dependencies.roaming } : {}),
    onFirstAttemptFailed: (id) => recorder.firstAttemptFailed.add(id),
  };
  /** The newest version this client saw per key: a CAS expects it. */
  const seenVersions = new Map<string, number>();
  let sequence = 0;
  let nextCallMs = recorder.now();
  const stopped = () => options.signal?.aborted === true;
  while (recorder.now() < options.endMs && !stopped()) {
    const waitMs = nextCallMs - recorder.now();
    if (waitMs > 0) await sleep(waitMs, undefined, { signal: options.signal }).catch(() => undefined);
    if (stopped()) return;
    nextCallMs = Math.max(nextCallMs + intervalMs, recorder.now());
    sequence += 1;
    const key = options.keys[chooseKey(prng)]!;
    const kind = pickOperationKind(options.mix, prng);
    const id = `${client}-${sequence}`;
    // The value written is the operation's id; a CAS expects the version this client last saw.
    const request = kvOperation(kind, key, new TextEncoder().encode(id), seenVersions.get(key) ?? 0);
    const operation = await runOperation({ id, client }, request, context);
    recorder.record(operation);
    const seen = operation.result?.version ?? operation.result?.currentVersion;
    if (seen !== undefined) seenVersions.set(key, Math.max(seen, seenVersions.get(key) ?? 0));
  }
}
