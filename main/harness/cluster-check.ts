/**
 * One whole cluster check: start (or attach to) a cluster, run the workload and the nemesis side by
 * side, heal, settle, check the history for linearizability and lost acknowledged writes, and write
 * the history, the faults and an HTML view of the run. The CLI and the tests both call this.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult } from '../../app/checker/check-result';
import type { HistoryOperation } from '../../app/checker/history';
import { processFaultKinds } from '../../app/contract/checker-vocabulary';
import { runChecked, type CheckedRunHooks } from './checked-run';
import type { ClusterCheckOptions } from './cluster-check-options';
import { attachHarnessCluster, startHarnessCluster, type HarnessCluster } from './harness-cluster';
import { HistoryRecorder, type FaultRecord, type HistoryListener } from './history-recorder';
import { markedOperations, renderHistoryHtml } from './html-view';
import type { LostWrite } from './lost-writes';
import { checkOneReplicaRead, oneReplicaReadPath, paxosReadPath } from './read-paths';
import type { RetryTally } from './roaming-write';
import { formatRunSummary } from './run-summary';
import type { SettleResult } from './settle';
export interface ClusterCheckOutcome {
  operations: HistoryOperation[];
  faults: FaultRecord[];
  /** Operations that ended ok although their first attempt failed. */
  firstAttemptFailed: ReadonlySet<string>;
  result: CheckResult;
  lost: LostWrite[];
  settle: SettleResult;
  /** How many writes roamed, needed a retry on another agent, and their attempts. */
  retries: RetryTally;
  /** The printed summary. */
  summary: string;
  files: { history: string; faults: string; html: string };
  /** 0 clean, 1 violation, lost write or unsettled cluster, 3 checker budget ran out. */
  exitCode: number;
}

/** For a caller that follows the run live (the console's comparison). */
export interface ClusterCheckHooks extends CheckedRunHooks {
  /** Hears of every operation and fault as it happens. */
  listener?: HistoryListener;
  /** Told once the cluster answers, before the workload starts. */
  onClusterReady?(): void;
}

export async function runClusterCheck(
  options: ClusterCheckOptions,
  hooks: ClusterCheckHooks = {},
): Promise<ClusterCheckOutcome> {
  // Refused before any agent starts; an attached cluster's protocol is checked once its topology is read.
  if (options.mode === 'one-replica-read' && options.attach === null) {
    checkOneReplicaRead(options.protocol ?? 'paxoskv');
  }
  const cluster =
    options.attach === null
      ? await startHarnessCluster(options.protocol)
      : attachHarnessCluster(options.attach, options.token);
  try {
    hooks.onClusterReady?.();
    return await checkCluster(options, cluster, hooks);
  } finally {
    await cluster.close();
  }
}

async function checkCluster(
  options: ClusterCheckOptions,
  cluster: HarnessCluster,
  hooks: ClusterCheckHooks,
): Promise<ClusterCheckOutcome> {
  if (!cluster.ownsProcesses && options.kinds.some((kind) => processFaultKinds.includes(kind))) {
    throw new RangeError(
      `--nemesis: ${processFaultKinds.join(', ')} act on agent processes, which an attached run cannot; leave them out`,
    );
  }
  const { listener, onClusterReady: _ready, ...runHooks } = hooks;
  const recorder = new HistoryRecorder(listener);
  const runId = `r${options.seed}-${Date.now().toString(36)}`;
  const keys = Array.from({ length: options.keys }, (_, index) => `${runId}-k${index}`);
  const read =
    options.mode === 'paxos'
      ? paxosReadPath(cluster.kv)
      : oneReplicaReadPath(cluster.kv, (nodeId) => cluster.controls.get(nodeId), cluster.topology.protocol);
  const {
    result,
    lost,
    settle: settled,
    retries,
  } = await runChecked(
    { ...options, keys },
    { kv: cluster.kv, read, nemesis: cluster.nemesis, nodes: cluster.nodes },
    recorder,
    runHooks,
  );
  const files = writeRunFiles(options, recorder, result);
  const summary = formatRunSummary({
    header: `check: ${options.protocol ?? 'paxoskv'}, ${options.durationMs / 1000} s, seed ${options.seed}, ${options.clients} clients, ${options.keys} keys (${options.distribution}), mode ${options.mode}, nemesis ${options.kinds.join(',') || 'none'}, retry share ${options.retryShare}`,
    operations: recorder.operations,
    faults: recorder.faults,
    settle: settled,
    retries,
    result,
    lost,
    files: [files.history, files.faults, files.html],
  });
  const broken = result.verdict === 'violation' || lost.length > 0 || settled.unreadable.length > 0;
  const exitCode = broken ? 1 : result.verdict === 'unknown' ? 3 : 0;
  const { operations, faults, firstAttemptFailed } = recorder;
  return {
    operations,
    faults,
    firstAttemptFailed,
    result,
    lost,
    settle: settled,
    retries,
    summary,
    files,
    exitCode,
  };
}

function writeRunFiles(options: ClusterCheckOptions, recorder: HistoryRecorder, result: CheckResult) {
  mkdirSync(options.outDir, { recursive: true });
  const files = {
    history: join(options.outDir, 'history.jsonl'),
    faults: join(options.outDir, 'faults.jsonl'),
    html: join(options.outDir, 'history.html'),
  };
  recorder.write(files.history, files.faults);
  const html = renderHistoryHtml({
    title: `Paxoscope check, seed ${options.seed}`,
    subtitle: `verdict ${result.verdict}; ${recorder.operations.length} operations, ${recorder.faults.length} faults; mode ${options.mode}`,
    operations: recorder.operations,
    faults: recorder.faults,
    ...markedOperations(result),
  });
  writeFileSync(files.html, html);
  return files;
}
