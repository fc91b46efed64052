/**
 * The histories `npm run bench:checker` measures, each rebuilt from its name (a child process per
 * case and mode measures it, so each gets its own peak memory figure).
 *
 * store: 100 keys; 3.3 reads : 1 write, writes 60 % put, 25 % cas, 15 % delete; versions reported;
 * 1 % of writes time out and 0.5 % of operations fail; calls overlap.
 * register: the shape of the Jepsen etcd histories Porcupine is measured on: one register, 10
 * clients, 8,500 operations, get and put only, no versions, 1 % timeouts.
 * timeouts N %: one key, 10 clients; N % of the writes never answered (half of those applied anyway);
 * with versions reported (as this store's clients do) or without (as converted Jepsen histories).
 * issue 12: n unanswered puts, n - 1 versioned ones, one read (the 44-line history that crashed the
 * plain search, and its violating twin).
 * many keys + hard: 100 store keys, and first in the history one hard key: the issue-12 shape (hard
 * only for the plain search) or a genuinely exponential one (no search decides it within the budget),
 * under a 5 s budget.
 */
import type { HistoryOperation } from '../../app/checker/history';
import { referenceRun } from '../../app/checker/reference-run';
import { exponentialHistory, unansweredPutsHistory } from '../../app/checker/timeout-shapes';

export interface BenchCase {
  name: string;
  keys: number;
  clients: number;
  /** Share of writes never answered, for the table. */
  unansweredShare: number;
  /** Time budget for the whole history; null: none (the case decides quickly in both modes). */
  budgetMs: number | null;
  build: () => HistoryOperation[];
}

const storeCases: BenchCase[] = [1_000, 10_000, 100_000].flatMap((operations) =>
  [10, 50].map((clients) => ({
    name: `store ${operations / 1000}k/${clients}`,
    keys: 100,
    clients,
    unansweredShare: 0.01,
    budgetMs: null,
    build: () => referenceRun({ seed: operations + clients, operations, clients, keys: 100 }),
  })),
);

const registerCase: BenchCase = {
  name: 'register',
  keys: 1,
  clients: 10,
  unansweredShare: 0.01,
  budgetMs: null,
  build: () =>
    referenceRun({
      seed: 1,
      operations: 8_500,
      clients: 10,
      keys: 1,
      writeMix: { put: 1, cas: 0, delete: 0 },
      reportVersions: false,
    }),
};

/** Budget for cases where the plain search may not finish: what a CI job would allow. */
const hardBudgetMs = 20_000;
/**
 * Budget for the many-key cases: short enough that the hard key spends it before its memo fills (about
 * 12 s here), which shows what the old order did to the keys after it.
 */
const manyKeyBudgetMs = 5_000;

const timeoutCases: BenchCase[] = [true, false].flatMap((reportVersions) =>
  [0.1, 0.3, 0.5].map((unknownShare) => {
    const operations = reportVersions ? 10_000 : 1_000;
    return {
      name: `timeouts ${unknownShare * 100}% ${reportVersions ? 'v' : 'nv'} ${operations / 1000}k`,
      keys: 1,
      clients: 10,
      unansweredShare: unknownShare,
      budgetMs: hardBudgetMs,
      build: () => referenceRun({ seed: 12, operations, clients: 10, keys: 1, unknownShare, reportVersions }),
    };
  }),
);

const issueCases: BenchCase[] = [false, true].map((violating) => ({
  name: `issue 12 (${violating ? '45' : '44'} lines)`,
  keys: 1,
  clients: 44,
  unansweredShare: 22 / 43,
  budgetMs: hardBudgetMs,
  build: () => unansweredPutsHistory({ unanswered: 22, versioned: 21, violating }),
}));

const manyKeyCases: BenchCase[] = [
  {
    name: 'many keys + issue-12 key',
    keys: 101,
    clients: 10,
    unansweredShare: 0.01,
    budgetMs: manyKeyBudgetMs,
    build: () => [
      ...unansweredPutsHistory({ unanswered: 22, versioned: 21, key: 'hard' }),
      ...referenceRun({ seed: 5, operations: 10_000, clients: 10, keys: 100 }),
    ],
  },
  {
    name: 'many keys + exponential key',
    keys: 101,
    clients: 10,
    unansweredShare: 0.01,
    budgetMs: manyKeyBudgetMs,
    build: () => [
      ...exponentialHistory(40, 'hard'),
      ...referenceRun({ seed: 5, operations: 10_000, clients: 10, keys: 100 }),
    ],
  },
];

export const benchCases: BenchCase[] = [
  ...storeCases,
  registerCase,
  ...timeoutCases,
  ...issueCases,
  ...manyKeyCases,
];
