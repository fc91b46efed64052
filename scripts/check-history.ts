/**
 * `npm run check -- --history FILE [--budget-ms N] [--json] [--show-ok]`: checks a recorded JSON-lines
 * client history (docs/history-format.md) for linearizability and prints the verdict, per-key results
 * and the operations that cannot be placed.
 *
 * Exit codes: 0 linearizable, 1 violation, 2 bad input (flags, file or history format), 3 unknown
 * (the time budget ran out). Flags live in one table and each mode validates its own.
 *
 * `npm run check -- --duration 60s [--nemesis all] [--seed S] …` is the cluster mode (main/harness):
 * it starts or attaches to agents, runs a workload and a nemesis, and checks what the clients saw;
 * a violation, a lost acknowledged write or a cluster that does not settle exits 1.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { CheckResult } from '../app/checker/check-result';
import { HistoryFormatError, parseHistory } from '../app/checker/history';
import { checkHistory } from '../app/checker/linearizability';
import { formatCheckReport } from '../app/checker/report';
import { bytesToBase64, bytesToUtf8 } from '../app/checker/value-text';
import { runClusterCheck } from '../main/harness/cluster-check';
import {
  clusterFlagTable,
  ClusterUsageError,
  parseClusterCheckArguments,
} from '../main/harness/cluster-check-options';

export const exitCodes = { ok: 0, violation: 1, badInput: 2, unknown: 3 } as const;

const flagTable = {
  history: { type: 'string', argument: 'FILE', help: 'check this JSON-lines history' },
  'budget-ms': {
    type: 'string',
    argument: 'N',
    help: 'stop after N ms; undecided keys are reported unknown',
  },
  json: { type: 'boolean', help: 'print the whole result as JSON' },
  'show-ok': { type: 'boolean', help: 'list linearizable keys too, not only their count' },
  help: { type: 'boolean', help: 'print this help' },
} as const;

export const checkUsage = [
  'usage: npm run check -- --history FILE [--budget-ms N] [--json] [--show-ok]',
  ...Object.entries(flagTable).map(
    ([name, flag]) => `  --${name}${'argument' in flag ? ` ${flag.argument}` : ''}`.padEnd(24) + flag.help,
  ),
  'exit codes: 0 linearizable, 1 violation, 2 bad input, 3 unknown (budget ran out)',
  '',
  'usage: npm run check -- --duration D [--nemesis all|none|kill,…] [--seed S] [--clients N] [--keys K]',
  '                        [--attach ADDRS --token T] [--mode paxos|one-replica-read] [--out DIR]',
  ...Object.entries(clusterFlagTable).map(
    ([name, flag]) => `  --${name}${'argument' in flag ? ` ${flag.argument}` : ''}`.padEnd(24) + flag.help,
  ),
  'exit codes: 0 clean, 1 violation, lost acknowledged write or unsettled cluster, 2 bad input, 3 unknown',
].join('\n');

export class UsageError extends Error {}

export type CheckCommand =
  | { mode: 'help' }
  | { mode: 'history'; file: string; budgetMs: number | undefined; json: boolean; showOk: boolean };

export function parseCheckArguments(argv: readonly string[]): CheckCommand {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: [...argv], options: flagTable, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help === true) return { mode: 'help' };
  if (typeof values.history !== 'string' || values.history === '') {
    throw new UsageError('--history FILE is required (the file to check)');
  }
  return {
    mode: 'history',
    file: values.history,
    budgetMs: parseBudget(values['budget-ms']),
    json: values.json === true,
    showOk: values['show-ok'] === true,
  };
}

function parseBudget(raw: string | boolean | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const budgetMs = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(budgetMs) || budgetMs < 0) {
    throw new UsageError(`--budget-ms must be a number of milliseconds ≥ 0, got ${JSON.stringify(raw)}`);
  }
  return budgetMs;
}

/** What the command needs from the outside world, so tests can run it in-process. */
export interface CheckIo {
  readFile: (path: string) => string;
  out: (text: string) => void;
  error: (text: string) => void;
  now: () => number;
}

/** Runs the command and returns its exit code. */
export function runCheck(argv: readonly string[], io: CheckIo): number {
  let command: CheckCommand;
  try {
    command = parseCheckArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.error(`check: ${error.message}\n\n${checkUsage}\n`);
    return exitCodes.badInput;
  }
  if (command.mode === 'help') {
    io.out(`${checkUsage}\n`);
    return exitCodes.ok;
  }
  let text: string;
  try {
    text = io.readFile(command.file);
  } catch (error) {
    io.error(`check: --history: cannot read ${command.file}: ${(error as Error).message}\n`);
    return exitCodes.badInput;
  }
  try {
    const operations = parseHistory(text);
    const result = checkHistory(operations, { now: io.now, budgetMs: command.budgetMs });
    io.out(
      command.json
        ? `${resultAsJson(result)}\n`
        : formatCheckReport(result, operations, { showOkKeys: command.showOk }),
    );
    return exitCodes[result.verdict];
  } catch (error) {
    if (!(error instanceof HistoryFormatError)) throw error;
    io.error(`check: ${command.file}: ${error.message}\n`);
    return exitCodes.badInput;
  }
}

/** JSON with byte values written as {"utf8": text} or {"base64": text}. */
function resultAsJson(result: CheckResult): string {
  return JSON.stringify(
    result,
    (_key, value: unknown) => {
      if (!(value instanceof Uint8Array)) return value;
      const text = bytesToUtf8(value);
      return text === null ? { base64: bytesToBase64(value) } : { utf8: text };
    },
    2,
  );
}

/** True when the arguments ask for the cluster mode rather than a recorded history. */
export function isClusterInvocation(argv: readonly string[]): boolean {
  return (
    !argv.includes('--history') && argv.some((arg) => arg === '--duration' || arg.startsWith('--duration='))
  );
}

/** The cluster mode: runs the check and prints its summary; returns the exit code. */
export async function runClusterCheckCommand(argv: readonly string[], io: CheckIo): Promise<number> {
  let parsed;
  try {
    parsed = parseClusterCheckArguments(argv, Date.now());
  } catch (error) {
    if (!(error instanceof ClusterUsageError)) throw error;
    io.error(`check: ${error.message}\n\n${checkUsage}\n`);
    return exitCodes.badInput;
  }
  if (parsed === 'help') {
    io.out(`${checkUsage}\n`);
    return exitCodes.ok;
  }
  const outcome = await runClusterCheck(parsed);
  io.out(outcome.summary);
  return outcome.exitCode;
}

const nodeIo: CheckIo = {
  readFile: (path) => readFileSync(path, 'utf8'),
  out: (text) => process.stdout.write(text),
  error: (text) => process.stderr.write(text),
  now: () => performance.now(),
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  process.exitCode = isClusterInvocation(argv)
    ? await runClusterCheckCommand(argv, nodeIo)
    : runCheck(argv, nodeIo);
}
