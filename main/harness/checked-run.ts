/**
 * The heart of a checked run, shared by the CLI (cluster-check.ts) and the console's Checker panel:
 * the workload and the nemesis side by side, then heal, settle, check the history for
 * linearizability and find acknowledged writes that were lost.
 */
import type { CheckResult } from '../../app/checker/check-result';
import { checkHistory } from '../../app/checker/linearizability';
import type { ClusterKvClient } from '../../node-agent';
import type { HistoryRecorder } from './history-recorder';
import type { KeyDistribution } from './key-chooser';
import { findLostWrites, type LostWrite } from './lost-writes';
import { NemesisRunner, type NemesisCluster } from './nemesis-runner';
import { planNemesis, type FaultKind, type ScheduleNode } from './nemesis-schedule';
import { defaultOperationMix } from './operation-mix';
import type { ReadPath } from './read-paths';
import type { RetryTally } from './roaming-write';
import { settle, type SettleResult } from './settle';
import { runWorkload } from './workload';

export interface CheckedRunSettings {
  seed: number;
  durationMs: number;
  kinds: readonly FaultKind[];
  clients: number;
  keys: readonly string[];
  distribution: KeyDistribution;
  rateOpsPerSecond: number;
  requestDeadlineMs: number;
  /**
   * The share of writes, 0 to 1, sent to a random agent and retried with their request id on another
   * one after a timeout or a failure that is not definite (roaming-write.ts).
   */
  retryShare: number;
  /** The checker's time budget; undecided keys come out `unknown`. */
  budgetMs: number | undefined;
}

/** The cluster as the run uses it. */
export interface CheckedRunCluster {
  kv: ClusterKvClient;
  read: ReadPath;
  nemesis: NemesisCluster;
  nodes: readonly ScheduleNode[];
}

export interface CheckedRunHooks {
  /** Told when the workload is over and the run heals and settles, then when it checks. */
  onPhase?(phase: 'settling' | 'checking'): void;
  /** Ends the workload and the nemesis early; the run still heals, settles and checks. */
  signal?: AbortSignal;
}

export interface CheckedRunResult {
  result: CheckResult;
  lost: LostWrite[];
  settle: SettleResult;
  retries: RetryTally;
}

/** Each client request's deadline across the replicas it tries, unless a run says otherwise. */
export const requestDeadlineMsDefault = 6000;

/**
 * Half the writes roam: enough that every stopped, paused or cut-off agent catches some attempts whose
 * retries land elsewhere, while the other half keep the store's usual client path (role order) busy.
 */
export const retryShareDefault = 0.5;

/**
 * How long a roaming write waits for one attempt: a sixth of the operation's deadline (1 s by
 * default), far above a healthy write's few milliseconds, so that a stopped, paused or cut-off agent
 * leaves the write time for several more agents while that agent may still hold the first attempt.
 * Never under 500 ms, so a merely slow agent on a loaded machine is rarely given up on.
 */
export function roamingAttemptMs(requestDeadlineMs: number): number {
  return Math.max(500, Math.round(requestDeadlineMs / 6));
}

/** How long the healed cluster has to answer every key through every replica. */
export const settleTimeoutMs = 60_000;

export async function runChecked(
  settings: CheckedRunSettings,
  cluster: CheckedRunCluster,
  recorder: HistoryRecorder,
  hooks: CheckedRunHooks = {},
): Promise<CheckedRunResult> {
  const plan =
    settings.kinds.length === 0
      ? []
      : planNemesis({
          seed: settings.seed,
          durationMs: settings.durationMs,
          kinds: settings.kinds,
          nodes: cluster.nodes,
        });
  const nemesis = new NemesisRunner(cluster.nemesis, recorder);
  const workload = {
    seed: settings.seed,
    clients: settings.clients,
    keys: settings.keys,
    distribution: settings.distribution,
    mix: defaultOperationMix,
    rateOpsPerSecond: settings.rateOpsPerSecond,
    requestDeadlineMs: settings.requestDeadlineMs,
    endMs: settings.durationMs,
    signal: hooks.signal,
    roaming: {
      share: settings.retryShare,
      attemptMs: roamingAttemptMs(settings.requestDeadlineMs),
      agents: cluster.nodes.map((node) => node.id),
    },
  };
  let retries: RetryTally;
  try {
    [retries] = await Promise.all([
      runWorkload(workload, cluster.kv, cluster.read, recorder),
      nemesis.run(plan, hooks.signal),
    ]);
  } finally {
    await nemesis.healAll();
  }
  hooks.onPhase?.('settling');
  const settled = await settle(settings.keys, cluster.kv, recorder, settleTimeoutMs);
  hooks.onPhase?.('checking');
  const result = checkHistory(recorder.operations, {
    now: () => performance.now(),
    budgetMs: settings.budgetMs,
  });
  return { result, lost: findLostWrites(recorder.operations), settle: settled, retries };
}
