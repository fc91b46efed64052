/** The main side of the Checker panel without agents: batching the stream, and the start rules. */
import { describe, expect, it } from 'vitest';
import { decodeOperationLine } from '../../../app/checker/history';
import type { CheckerChange } from '../../../app/contract/checker-run';
import { parseCommandInput } from '../../../app/contract/console-contract';
import { ContractFailure } from '../../../app/contract/errors';
import { refuseBadStart, refuseTooManyOperations } from '../../../main/checker/checker-start-rules';
import { ProgressBatches } from '../../../main/checker/progress-batches';
import { HistoryRecorder } from '../../../main/harness/history-recorder';
import type { PlannedFault } from '../../../main/harness/nemesis-schedule';
import { get, put } from '../checker/history-builders';

describe('progress batches', () => {
  it('sends what collected since the last batch as one change, faults once each with their latest state', () => {
    const sent: CheckerChange[] = [];
    const batches = new ProgressBatches((change) => sent.push(change));
    const recorder = new HistoryRecorder(batches);
    const fault: PlannedFault = { id: 'f1', kind: 'pause', node: 'n2', startMs: 0, endMs: 10 };
    recorder.record(put({ id: 'a', client: 'c1', at: [0, 5] }, 'x', 1));
    recorder.faultApplied(fault, 1, []);
    recorder.record(get({ id: 'b', client: 'c2', at: [2, 6] }, 'x', 1));
    recorder.recordFault({ fault, appliedMs: 1, healedMs: 9 });
    batches.flush();
    batches.flush();
    expect(sent).toHaveLength(1);
    const change = sent[0]!;
    if (change.kind !== 'checkerProgress') throw new Error(`got ${change.kind}`);
    expect(change.operations.map((line, index) => decodeOperationLine(line, index + 1).id)).toEqual([
      'a',
      'b',
    ]);
    expect(change.faults).toEqual([
      { id: 'f1', kind: 'pause', label: 'pause n2', appliedMs: 1, healedMs: 9, error: null },
    ]);
  });
});

describe('start rules', () => {
  const input = (raw: object) => parseCommandInput('startCheckerRun', raw);
  const running = { mode: 'spawned' as const, phase: 'running', nodeCount: 6, protocol: 'paxoskv' as const };
  const refusal = (run: () => void) => {
    try {
      run();
    } catch (error) {
      if (error instanceof ContractFailure) return error.error;
      throw error;
    }
    throw new Error('no refusal');
  };

  it('accepts the defaults on a running cluster the console started', () => {
    expect(() => refuseBadStart(input({ nemesis: ['kill', 'wipe'] }), running)).not.toThrow();
  });

  it('refuses kill and wipe on an attached cluster, naming the nemesis field', () => {
    const error = refusal(() =>
      refuseBadStart(input({ nemesis: ['pause', 'wipe'] }), { ...running, mode: 'attached' }),
    );
    expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'nemesis' });
    expect(error.message).toContain('wipe');
  });

  it('refuses a nemesis on a one-node cluster and a cluster that is not running', () => {
    expect(
      refusal(() => refuseBadStart(input({ nemesis: ['pause'] }), { ...running, nodeCount: 1 })),
    ).toMatchObject({
      field: 'nemesis',
      limit: 2,
    });
    expect(refusal(() => refuseBadStart(input({}), { ...running, phase: 'starting' }))).toMatchObject({
      code: 'INVALID_STATE',
    });
  });

  it('refuses one-replica reads on a protocol with no per-key copy, naming readMode', () => {
    const oneReplica = input({ readMode: 'one-replica-read' });
    expect(() => refuseBadStart(oneReplica, running)).not.toThrow();
    expect(() => refuseBadStart(oneReplica, { ...running, protocol: 'quorumkv' })).not.toThrow();
    const error = refusal(() => refuseBadStart(oneReplica, { ...running, protocol: 'multipaxos' }));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'readMode' });
    expect(error.message).toContain('multipaxos');
  });

  it('bounds rate × duration, naming the longest duration at that rate', () => {
    expect(() =>
      refuseTooManyOperations(input({ rateOpsPerSecond: 100, durationMs: 600_000 })),
    ).not.toThrow();
    expect(
      refusal(() => refuseTooManyOperations(input({ rateOpsPerSecond: 500, durationMs: 600_000 }))),
    ).toMatchObject({
      field: 'durationMs',
      limit: 120_000,
    });
  });
});
