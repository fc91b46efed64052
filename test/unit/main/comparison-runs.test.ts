/** The comparison command's input and refusals, without agents. */
import { describe, expect, it } from 'vitest';
import { idleComparisonRun } from '../../../app/contract/comparison-run';
import { parseCommandInput } from '../../../app/contract/console-contract';
import { ContractFailure } from '../../../app/contract/errors';
import { ComparisonRuns } from '../../../main/checker/comparison-runs';
import { ConsoleContext } from '../../../main/console/console-context';

const input = (raw: object) => parseCommandInput('startComparison', raw);

function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof ContractFailure) return error.error;
    throw error;
  }
  throw new Error('no refusal');
}

describe('startComparison input', () => {
  it('fills the CLI’s defaults and keeps the protocols in the order given', () => {
    expect(input({ protocols: ['quorumkv', 'paxoskv'] })).toEqual({
      protocols: ['quorumkv', 'paxoskv'],
      nemesis: ['partition'],
      durationMs: 20_000,
      clients: 8,
      keys: 10,
      rateOpsPerSecond: 100,
    });
  });

  it('refuses fewer than two protocols, an unknown one and one named twice, naming the field', () => {
    expect(refusal(() => input({ protocols: ['paxoskv'] }))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'protocols',
      limit: 2,
    });
    expect(refusal(() => input({ protocols: ['paxoskv', 'raft'] }))).toMatchObject({
      field: 'protocols[1]',
    });
    const twice = refusal(() => input({ protocols: ['paxoskv', 'paxoskv'] }));
    expect(twice).toMatchObject({ field: 'protocols' });
    expect(twice.message).toContain('once');
  });

  it('names the duration’s and the rate’s limits', () => {
    expect(refusal(() => input({ protocols: ['paxoskv', 'quorumkv'], durationMs: 2000 }))).toMatchObject({
      field: 'durationMs',
      limit: 12_000,
    });
    expect(
      refusal(() => input({ protocols: ['paxoskv', 'quorumkv'], rateOpsPerSecond: 5000 })),
    ).toMatchObject({ field: 'rateOpsPerSecond', limit: 1000 });
    expect(refusal(() => input({ protocols: ['paxoskv', 'quorumkv'], nemesis: ['flood'] }))).toMatchObject({
      field: 'nemesis[0]',
    });
  });
});

describe('comparison runs', () => {
  const context = () => new ConsoleContext({ recorderCapacity: 16, healthIntervalMs: 1000 });

  it('refuses a second comparison while one runs, and a comparison beside a checked run', () => {
    const busy = context();
    busy.publisher.publish({
      kind: 'comparisonStarted',
      run: { ...idleComparisonRun, status: 'running', runId: 'c1' },
    });
    const runs = new ComparisonRuns(busy);
    expect(refusal(() => runs.start(input({ protocols: ['paxoskv', 'quorumkv'] })))).toMatchObject({
      code: 'INVALID_STATE',
      field: '(comparison)',
    });
    const checking = context();
    checking.publisher.publish({ kind: 'checkerStatus', status: 'running', outcome: null, error: null });
    expect(
      refusal(() => new ComparisonRuns(checking).start(input({ protocols: ['paxoskv', 'quorumkv'] }))),
    ).toMatchObject({ code: 'INVALID_STATE', field: '(checker)' });
  });

  it('refuses to stop when nothing runs', () => {
    expect(refusal(() => new ComparisonRuns(context()).stop())).toMatchObject({
      code: 'INVALID_STATE',
      field: '(comparison)',
    });
  });
});
