/**
 * The console's checked runs: one at a time on the running cluster, played by the harness's own
 * runChecked (workload, nemesis, heal, settle, check) over the console's agents, streamed to the
 * renderer as batched deltas, and kept after it ends so the user can save it.
 */
import type { CheckResult } from '../../app/checker/check-result';
import { formatHistory } from '../../app/checker/history';
import type { CommandArgs, CommandOutput } from '../../app/contract/console-contract';
import {
  isCheckerBusy,
  type CheckerChange,
  type CheckerOutcome,
  type CheckerSettings,
  type CheckerStatus,
} from '../../app/contract/checker-run';
import { keyVerdictOf } from '../../app/contract/checker-verdicts';
import { isComparisonBusy } from '../../app/contract/comparison-run';
import { contractFailure } from '../../app/contract/errors';
import { nodeLocations, type NodeLocation, type Topology } from '../../app/model/topology';
import { ClusterKvClient, kvAttemptTimeoutMs } from '../../node-agent';
import {
  requestDeadlineMsDefault,
  retryShareDefault,
  runChecked,
  type CheckedRunCluster,
  type CheckedRunResult,
} from '../harness/checked-run';
import { HistoryRecorder } from '../harness/history-recorder';
import { markedOperations, renderHistoryHtml } from '../harness/html-view';
import { oneReplicaReadPath, paxosReadPath, type ReadMode } from '../harness/read-paths';
import type { ConsoleContext } from '../console/console-context';
import { refuseBadStart, refuseTooManyOperations } from './checker-start-rules';
import { consoleNemesisCluster } from './console-nemesis-cluster';
import { ProgressBatches } from './progress-batches';

/** The final check's time budget; main's event loop waits for it, so it stays short. */
const checkBudgetMs = 10_000;

interface Run {
  runId: string;
  settings: CheckerSettings;
  recorder: HistoryRecorder;
  result: CheckResult | null;
  abort: AbortController;
  done: Promise<void>;
}

export class CheckerRuns {
  private run: Run | null = null;

  constructor(private readonly context: ConsoleContext) {}

  start(input: CommandArgs<'startCheckerRun'>): CommandOutput<'startCheckerRun'> {
    refuseTooManyOperations(input);
    if (isCheckerBusy(this.status())) {
      throw contractFailure(
        'INVALID_STATE',
        '(checker)',
        'a checked run is going on; stop it or wait for its verdict',
      );
    }
    if (isComparisonBusy(this.context.publisher.snapshot().comparison.status)) {
      throw contractFailure(
        'INVALID_STATE',
        '(comparison)',
        'a protocol comparison is going on and would share the machine with the run; wait for its table',
      );
    }
    const session = this.context.requireSession();
    const nodes = nodeLocations(session.topology);
    refuseBadStart(input, {
      mode: session.mode,
      phase: this.context.cluster().phase,
      nodeCount: nodes.length,
      protocol: session.topology.protocol,
    });
    const settings: CheckerSettings = { ...input, seed: input.seed ?? Date.now() % 2 ** 31 };
    const runId = `check-${settings.seed}-${Date.now().toString(36)}`;
    const keys = Array.from({ length: settings.keys }, (_, index) => `${runId}-k${index}`);
    const batches = new ProgressBatches((change) => this.publish(change));
    const recorder = new HistoryRecorder(batches);
    const abort = new AbortController();
    this.publish({
      kind: 'checkerStarted',
      run: {
        status: 'running',
        runId,
        settings,
        keys,
        startedAtMs: Date.now(),
        operations: [],
        faults: [],
        outcome: null,
        error: null,
      },
    });
    batches.start();
    const run: Run = { runId, settings, recorder, result: null, abort, done: Promise.resolve() };
    const cluster = this.clusterOf(session.topology, nodes, settings.readMode);
    run.done = this.play(run, keys, cluster, batches);
    this.run = run;
    return { runId, settings, keys };
  }

  /** The run's view of the console's cluster: its own KV client, its read path, the console's nemesis. */
  private clusterOf(topology: Topology, nodes: NodeLocation[], readMode: ReadMode): CheckedRunCluster {
    // One Pipeline stream per agent carries every client's requests (unary to an agent serving none).
    const kv = new ClusterKvClient(topology, { attemptTimeoutMs: kvAttemptTimeoutMs, pipelined: true });
    const nemesis = consoleNemesisCluster(
      this.context,
      nodes.map((node) => node.id),
    );
    // Looked up per read: a restarted agent gets a new client.
    const read =
      readMode === 'paxos'
        ? paxosReadPath(kv)
        : oneReplicaReadPath(kv, (nodeId) => this.context.requireClient(nodeId).control, topology.protocol);
    return { kv, read, nemesis, nodes };
  }

  /** Plays the run to its verdict over the console's agents; never rejects (a failure is a status). */
  private async play(
    run: Run,
    keys: string[],
    cluster: CheckedRunCluster,
    batches: ProgressBatches,
  ): Promise<void> {
    const settings = {
      ...run.settings,
      kinds: run.settings.nemesis,
      keys,
      requestDeadlineMs: requestDeadlineMsDefault,
      retryShare: retryShareDefault,
      budgetMs: checkBudgetMs,
    };
    const onPhase = (phase: 'settling' | 'checking') => {
      batches.flush();
      this.setStatus(phase, null, null);
    };
    try {
      const checked = await runChecked(settings, cluster, run.recorder, {
        signal: run.abort.signal,
        onPhase,
      });
      batches.stop();
      run.result = checked.result;
      this.setStatus('done', outcomeOf(checked), null);
    } catch (error) {
      batches.stop();
      this.setStatus('failed', null, error instanceof Error ? error.message : String(error));
    } finally {
      cluster.kv.close();
    }
  }

  /** Ends the workload and nemesis now; heal, settle and the check still follow. */
  stop(): CommandOutput<'stopCheckerRun'> {
    if (!this.run || this.status() !== 'running') {
      throw contractFailure('INVALID_STATE', '(checker)', 'no checked run is going on');
    }
    this.run.abort.abort();
    this.setStatus('stopping', null, null);
    return { status: 'stopping' };
  }

  /** The last run as files: the history in JSON lines and the self-contained HTML view. */
  exportRun(): CommandOutput<'exportCheckerRun'> {
    const run = this.run;
    if (!run) throw contractFailure('INVALID_STATE', '(checker)', 'no checked run yet; start one first');
    const operations = [...run.recorder.operations].sort((a, b) => a.callMs - b.callMs);
    const verdict = run.result
      ? `verdict ${run.result.verdict}`
      : `status ${this.status()} (not checked yet)`;
    const html = renderHistoryHtml({
      title: `Paxoscope checked run ${run.runId}`,
      subtitle: `${verdict}; ${operations.length} operations, ${run.recorder.faults.length} faults; seed ${run.settings.seed}`,
      operations,
      faults: run.recorder.faults,
      ...(run.result ? markedOperations(run.result) : { offendingIds: new Set(), blockedIds: new Set() }),
    });
    return {
      historyFileName: `${run.runId}.history.jsonl`,
      history: formatHistory(operations),
      htmlFileName: `${run.runId}.html`,
      html,
      operationCount: operations.length,
    };
  }

  /** Stops a run going on and waits until it has healed the cluster (before the cluster goes away). */
  async abortAndWait(): Promise<void> {
    const run = this.run;
    if (!run) return;
    run.abort.abort();
    await run.done;
  }

  private status(): CheckerStatus {
    return this.context.publisher.snapshot().checker.status;
  }

  private setStatus(status: CheckerStatus, outcome: CheckerOutcome | null, error: string | null): void {
    this.publish({ kind: 'checkerStatus', status, outcome, error });
  }

  private publish(change: CheckerChange): void {
    this.context.publisher.publish(change);
  }
}

function outcomeOf(checked: CheckedRunResult): CheckerOutcome {
  return {
    verdict: checked.result.verdict,
    keys: checked.result.keys.map(keyVerdictOf),
    lostWrites: checked.lost.map((lost) => ({ operationId: lost.operation.id, reason: lost.reason })),
    unreadable: checked.settle.unreadable,
    settleMs: checked.settle.tookMs,
    checkMs: checked.result.elapsedMs ?? 0,
  };
}
