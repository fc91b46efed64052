/**
 * The console's protocol comparison: `npm run check -- --compare` (runClusterComparison) played in the
 * background, one fresh six-agent cluster per protocol, with each protocol's availability per time
 * bucket, phase and table row published as it goes. The console's own cluster is neither used nor
 * touched: a comparison needs the same fresh start and the same fault schedule for every protocol,
 * which a cluster the user has been writing to and breaking cannot give. One comparison at a time, and
 * none while a checked run measures the machine.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCheckerBusy } from '../../app/contract/checker-run';
import {
  isComparisonBusy,
  type ComparisonChange,
  type ComparisonFault,
  type ComparisonSettings,
  type ComparisonStatus,
  type ProtocolRun,
} from '../../app/contract/comparison-run';
import type { CommandArgs, CommandOutput } from '../../app/contract/console-contract';
import { contractFailure } from '../../app/contract/errors';
import type { ProtocolName } from '../../app/protocol/protocol';
import { AvailabilityTally } from '../harness/availability-series';
import { requestDeadlineMsDefault, retryShareDefault } from '../harness/checked-run';
import { runClusterCheck, type ClusterCheckOutcome } from '../harness/cluster-check';
import type { ClusterCheckOptions } from '../harness/cluster-check-options';
import { describeFault } from '../harness/fault-text';
import type { FaultRecord } from '../harness/history-recorder';
import { runClusterComparison } from '../harness/protocol-compare';
import type { ConsoleContext } from '../console/console-context';

/** Each protocol's final check budget, as the Checker panel's runs have. */
const checkBudgetMs = 10_000;
/** How often a running protocol's series is published. */
const publishIntervalMs = 500;

export class ComparisonRuns {
  private abort: AbortController | null = null;
  private done: Promise<void> = Promise.resolve();

  /** `runCheck` is the CLI's own check of one protocol; tests hand in one without agents. */
  constructor(
    private readonly context: ConsoleContext,
    private readonly runCheck: typeof runClusterCheck = runClusterCheck,
  ) {}

  start(input: CommandArgs<'startComparison'>): CommandOutput<'startComparison'> {
    const snapshot = this.context.publisher.snapshot();
    if (isComparisonBusy(snapshot.comparison.status)) {
      throw contractFailure(
        'INVALID_STATE',
        '(comparison)',
        'a comparison is going on; stop it or wait for its table',
      );
    }
    if (isCheckerBusy(snapshot.checker.status)) {
      throw contractFailure(
        'INVALID_STATE',
        '(checker)',
        'a checked run is going on and would share the machine with the comparison; wait for its verdict',
      );
    }
    const settings: ComparisonSettings = { ...input, seed: input.seed ?? Date.now() % 2 ** 31 };
    const runId = `compare-${settings.seed}-${Date.now().toString(36)}`;
    const outDir = mkdtempSync(join(tmpdir(), `paxoscope-${runId}-`));
    this.publish({
      kind: 'comparisonStarted',
      run: {
        status: 'running',
        runId,
        settings,
        protocols: settings.protocols.map((protocol) => waitingRun(protocol, settings.durationMs)),
        faults: [],
        error: null,
      },
    });
    const abort = new AbortController();
    this.abort = abort;
    this.done = this.play(settings, outDir, abort.signal);
    return { runId, settings };
  }

  /** Ends the protocol running now (it still heals, settles and is checked); the rest are skipped. */
  stop(): CommandOutput<'stopComparison'> {
    if (this.context.publisher.snapshot().comparison.status !== 'running' || !this.abort) {
      throw contractFailure('INVALID_STATE', '(comparison)', 'no comparison is going on');
    }
    this.abort.abort();
    this.setStatus('stopping', null);
    return { status: 'stopping' };
  }

  /** Stops a comparison going on and waits until its cluster is gone (on console shutdown). */
  async abortAndWait(): Promise<void> {
    this.abort?.abort();
    await this.done;
  }

  /** Runs every protocol in turn; never rejects (a failure is a status). */
  private async play(settings: ComparisonSettings, outDir: string, signal: AbortSignal): Promise<void> {
    const options = checkOptions(settings, outDir);
    const runCheck = (single: ClusterCheckOptions) => {
      if (signal.aborted) throw new Error('the comparison was stopped before its turn');
      return this.runOne(single.protocol ?? 'paxoskv', single, signal);
    };
    try {
      await runClusterComparison(options, runCheck, (row) => {
        const entry = this.entryOf(row.protocol);
        const status = 'error' in row ? 'failed' : 'done';
        this.publish({ kind: 'comparisonProtocol', run: { ...entry, status, row } });
      });
      this.setStatus('done', null);
    } catch (error) {
      this.setStatus('failed', error instanceof Error ? error.message : String(error));
    } finally {
      this.abort = null;
    }
  }

  /** One protocol's check on its own fresh cluster, its series and phase published as it goes. */
  private async runOne(
    protocol: ProtocolName,
    options: ClusterCheckOptions,
    signal: AbortSignal,
  ): Promise<ClusterCheckOutcome> {
    const tally = new AvailabilityTally(options.durationMs);
    const faults = new Map<string, ComparisonFault>();
    let status: ProtocolRun['status'] = 'starting';
    const publish = () => {
      const entry = this.entryOf(protocol);
      this.publish({
        kind: 'comparisonProtocol',
        run: { ...entry, status, series: tally.series(), outDir: options.outDir },
      });
      if (faults.size > 0) this.publish({ kind: 'comparisonFaults', faults: [...faults.values()] });
      faults.clear();
    };
    const phase = (next: ProtocolRun['status']) => {
      status = next;
      publish();
    };
    phase('starting');
    const timer = setInterval(publish, publishIntervalMs);
    try {
      return await this.runCheck(options, {
        signal,
        listener: {
          operation: (operation) => tally.add(operation),
          fault: (record) => faults.set(record.fault.id, comparisonFault(record)),
        },
        onClusterReady: () => phase('running'),
        onPhase: phase,
      });
    } finally {
      clearInterval(timer);
      publish();
    }
  }

  private entryOf(protocol: ProtocolName): ProtocolRun {
    const entry = this.context.publisher
      .snapshot()
      .comparison.protocols.find((candidate) => candidate.protocol === protocol);
    if (!entry) throw new Error(`${protocol} is not part of the comparison`);
    return entry;
  }

  private setStatus(status: ComparisonStatus, error: string | null): void {
    this.publish({ kind: 'comparisonStatus', status, error });
  }

  private publish(change: ComparisonChange): void {
    this.context.publisher.publish(change);
  }
}

/** The CLI's options for these settings: the same defaults `npm run check -- --compare` uses. */
function checkOptions(settings: ComparisonSettings, outDir: string): ClusterCheckOptions {
  return {
    durationMs: settings.durationMs,
    kinds: settings.nemesis,
    seed: settings.seed,
    clients: settings.clients,
    keys: settings.keys,
    distribution: 'zipfian',
    rateOpsPerSecond: settings.rateOpsPerSecond,
    requestDeadlineMs: requestDeadlineMsDefault,
    retryShare: retryShareDefault,
    mode: 'paxos',
    attach: null,
    compare: settings.protocols,
    token: null,
    outDir,
    budgetMs: checkBudgetMs,
  };
}

function waitingRun(protocol: ProtocolName, durationMs: number): ProtocolRun {
  return {
    protocol,
    status: 'waiting',
    series: new AvailabilityTally(durationMs).series(),
    row: null,
    outDir: null,
  };
}

/** A fault of the shared schedule as planned (the same on every protocol's run). */
function comparisonFault(record: FaultRecord): ComparisonFault {
  const { fault } = record;
  return {
    id: fault.id,
    kind: fault.kind,
    label: describeFault(fault),
    startMs: fault.startMs,
    endMs: fault.endMs,
  };
}
