/**
 * One whole cluster check: start (or attach to) a cluster, run the workload and the nemesis side by
 * side, heal, settle, check the history for linearizability and lost acknowledged writes, and write
 * the history, the faults and an HTML view of the run. The CLI and the tests both call this.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult } from '../../app/checker/check-result';
import type { HistoryOperation } from '../../app/checker/history';
import { checkHistory } from '../../app/checker/linearizability';
import type { ClusterCheckOptions } from './cluster-check-options';
import { attachHarnessCluster, startHarnessCluster, type HarnessCluster } from './harness-cluster';
import { HistoryRecorder, type FaultRecord } from './history-recorder';
import { renderHistoryHtml } from './html-view';
import { findLostWrites, type LostWrite } from './lost-writes';
import { NemesisRunner } from './nemesis-runner';
import { planNemesis } from './nemesis-schedule';
import { defaultOperationMix } from './operation-mix';
import { oneReplicaReadPath, paxosReadPath } from './read-paths';
import { formatRunSummary } from './run-summary';
import { settle, type SettleResult } from './settle';
import { runWorkload, type WorkloadOptions } from './workload';

export interface ClusterCheckOutcome {
  operations: HistoryOperation[];
  faults: FaultRecord[];
  result: CheckResult;
  lost: LostWrite[];
  settle: SettleResult;
  /** The printed summary. */
  summary: string;
  files: { history: string; faults: string; html: string };
  /** 0 clean, 1 violation, lost write or unsettled cluster, 3 checker budget ran out. */
  exitCode: number;
}

/** How long the healed cluster has to answer every key through every replica. */
const settleTimeoutMs = 60_000;

export async function runClusterCheck(options: ClusterCheckOptions): Promise<ClusterCheckOutcome> {
  const cluster =
    options.attach === null
      ? await startHarnessCluster()
      : attachHarnessCluster(options.attach, options.token);
  try {
    return await checkCluster(options, cluster);
  } finally {
    await cluster.close();
  }
}

async function checkCluster(
  options: ClusterCheckOptions,
  cluster: HarnessCluster,
): Promise<ClusterCheckOutcome> {
  if (!cluster.canRestart && options.kinds.some((kind) => kind === 'kill' || kind === 'wipe')) {
    throw new RangeError(
      '--nemesis: kill and wipe restart agents, which an attached run cannot; leave them out',
    );
  }
  const recorder = new HistoryRecorder();
  const runId = `r${options.seed}-${Date.now().toString(36)}`;
  const keys = Array.from({ length: options.keys }, (_, index) => `${runId}-k${index}`);
  const plan = planNemesis({
    seed: options.seed,
    durationMs: options.durationMs,
    kinds: options.kinds,
    nodes: cluster.nodes,
  });
  const read =
    options.mode === 'paxos' ? paxosReadPath(cluster.kv) : oneReplicaReadPath(cluster.kv, cluster.controls);
  const nemesis = new NemesisRunner(cluster.nemesis, recorder);
  const workload: WorkloadOptions = {
    seed: options.seed,
    clients: options.clients,
    keys,
    distribution: options.distribution,
    mix: defaultOperationMix,
    rateOpsPerSecond: options.rateOpsPerSecond,
    requestDeadlineMs: options.requestDeadlineMs,
    endMs: options.durationMs,
  };
  try {
    await Promise.all([runWorkload(workload, cluster.kv, read, recorder), nemesis.run(plan)]);
  } finally {
    await nemesis.healAll();
  }
  const settled = await settle(keys, cluster.kv, recorder, settleTimeoutMs);
  const result = checkHistory(recorder.operations, {
    now: () => performance.now(),
    budgetMs: options.budgetMs,
  });
  const lost = findLostWrites(recorder.operations);
  const files = writeRunFiles(options, recorder, result);
  const summary = formatRunSummary({
    header: `check: ${options.durationMs / 1000} s, seed ${options.seed}, ${options.clients} clients, ${options.keys} keys (${options.distribution}), mode ${options.mode}, nemesis ${options.kinds.join(',') || 'none'}`,
    operations: recorder.operations,
    faults: recorder.faults,
    settle: settled,
    result,
    lost,
    files: [files.history, files.faults, files.html],
  });
  const broken = result.verdict === 'violation' || lost.length > 0 || settled.unreadable.length > 0;
  const exitCode = broken ? 1 : result.verdict === 'unknown' ? 3 : 0;
  const { operations, faults } = recorder;
  return { operations, faults, result, lost, settle: settled, summary, files, exitCode };
}

function writeRunFiles(options: ClusterCheckOptions, recorder: HistoryRecorder, result: CheckResult) {
  mkdirSync(options.outDir, { recursive: true });
  const files = {
    history: join(options.outDir, 'history.jsonl'),
    faults: join(options.outDir, 'faults.jsonl'),
    html: join(options.outDir, 'history.html'),
  };
  recorder.write(files.history, files.faults);
  const unplaced = result.keys.flatMap((key) => (key.unplaced ? [key.unplaced] : []));
  const blockedIds = new Set(unplaced.map((entry) => entry.blockedOperationId));
  const offendingIds = new Set(unplaced.flatMap((entry) => entry.concurrentOperationIds));
  const html = renderHistoryHtml({
    title: `Paxoscope check, seed ${options.seed}`,
    subtitle: `verdict ${result.verdict}; ${recorder.operations.length} operations, ${recorder.faults.length} faults; mode ${options.mode}`,
    operations: recorder.operations,
    faults: recorder.faults,
    offendingIds,
    blockedIds,
  });
  writeFileSync(files.html, html);
  return files;
}
