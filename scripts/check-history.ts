/**
 * `npm run check -- --history FILE… [--budget-ms N] [--memory-mb N] [--first-violation] [--json] [--show-ok]`:
 * checks recorded JSON-lines client histories (docs/history-format.md) for linearizability. One
 * history prints the full report (verdict, each key that is not ok with its time, the operations that
 * cannot be placed); many (several paths, or a folder of .jsonl files) print one summary line each.
 *
 * Exit codes: 0 linearizable, 1 violation, 2 bad input (flags, file or history format), 3 unknown (a
 * time or memory limit came first), 4 internal error (a bug: it never passes for a violation).
 *
 * `npm run check -- --duration 60s [--nemesis all] …` is the cluster mode (check-cluster.ts, loaded
 * only when asked for). `npm run check` runs this file from an esbuild bundle (build-checker.mjs).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { CheckResult } from '../app/checker/check-result';
import { HistoryFormatError, parseHistory } from '../app/checker/history';
import { checkHistory } from '../app/checker/linearizability';
import { formatCheckReport, formatCheckSummary } from '../app/checker/report';
import { bytesAsText } from '../app/util/byte-text';
import { exitCodes, historyFlagTable, historyUsage, type CheckIo } from './check-usage';

export { exitCodes, type CheckIo } from './check-usage';

export class UsageError extends Error {}

export type CheckCommand =
  | { mode: 'help' }
  | {
      mode: 'history';
      paths: string[];
      budgetMs: number | undefined;
      memoryLimitBytes: number | undefined;
      firstViolation: boolean;
      json: boolean;
      showOk: boolean;
    };

const memoryMbMax = 1024 * 1024;

export function parseCheckArguments(argv: readonly string[]): CheckCommand {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof historyFlagTable; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: historyFlagTable, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { mode: 'help' };
  if (values.history === undefined)
    throw new UsageError('--history FILE is required (a history file, or a folder of them)');
  // A shell glob after --history (--history runs/*.jsonl) arrives as more words: each is a path too.
  const paths = [...values.history, ...positionals];
  if (paths.some((path) => path === '')) throw new UsageError('--history: a path must not be empty');
  const memoryMb = parseNumber(values['memory-mb'], '--memory-mb', 'MiB', 1, memoryMbMax);
  return {
    mode: 'history',
    paths,
    budgetMs: parseNumber(values['budget-ms'], '--budget-ms', 'milliseconds', 0, Number.MAX_SAFE_INTEGER),
    memoryLimitBytes: memoryMb === undefined ? undefined : memoryMb * 1024 * 1024,
    firstViolation: values['first-violation'] === true,
    json: values.json === true,
    showOk: values['show-ok'] === true,
  };
}

function parseNumber(
  raw: string | undefined,
  flag: string,
  unit: string,
  minimum: number,
  maximum: number,
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < minimum || value > maximum) {
    throw new UsageError(
      `${flag} must be a number of ${unit} from ${minimum} to ${maximum}, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

type HistoryCommand = Extract<CheckCommand, { mode: 'history' }>;

/** What checking one file gave: its exit code and, when it was checked, the result. */
interface FileOutcome {
  file: string;
  code: number;
  result?: CheckResult;
}

/** Runs the history mode and returns its exit code. */
export function runCheck(argv: readonly string[], io: CheckIo): number {
  let command: CheckCommand;
  try {
    command = parseCheckArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.error(`check: ${error.message}\n\n${historyUsage}\n`);
    return exitCodes.badInput;
  }
  if (command.mode === 'help') {
    io.out(`${historyUsage}\n`);
    return exitCodes.ok;
  }
  const files = expandPaths(command.paths, io);
  if (typeof files === 'string') {
    io.error(`check: --history: ${files}\n`);
    return exitCodes.badInput;
  }
  const [only] = files;
  // One path naming one file gets the full report; anything else, a line per file.
  if (files.length === 1 && only !== undefined && only === command.paths[0]) {
    return checkFile(only, command, io, false).code;
  }
  const outcomes: FileOutcome[] = [];
  for (const file of files) {
    if (command.firstViolation && outcomes.some((outcome) => outcome.code === exitCodes.violation)) {
      io.out(`${file}: not checked (stopped at the first violation)\n`);
      outcomes.push({ file, code: exitCodes.unknown });
      continue;
    }
    outcomes.push(checkFile(file, command, io, true));
  }
  if (!command.json) io.out(filesSummary(outcomes));
  return worstCode(outcomes.map((outcome) => outcome.code));
}

/** The files the paths name: a folder stands for its .jsonl files, in name order. Or the error. */
function expandPaths(paths: readonly string[], io: CheckIo): string[] | string {
  const files: string[] = [];
  for (const path of paths) {
    let entries: string[] | null;
    try {
      entries = io.listFolder?.(path) ?? null;
    } catch (error) {
      return `cannot read ${path}: ${(error as Error).message}`;
    }
    if (entries === null) {
      files.push(path);
      continue;
    }
    const histories = entries.filter((name) => name.endsWith('.jsonl')).sort();
    if (histories.length === 0) return `folder ${path} holds no .jsonl file`;
    files.push(...histories.map((name) => join(path, name)));
  }
  return files;
}

/** Checks one file; `many` prints one summary line (or one JSON line) instead of the full report. */
function checkFile(file: string, command: HistoryCommand, io: CheckIo, many: boolean): FileOutcome {
  let text: string;
  try {
    text = io.readFile(file);
  } catch (error) {
    io.error(`check: --history: cannot read ${file}: ${(error as Error).message}\n`);
    return { file, code: exitCodes.badInput };
  }
  try {
    const operations = parseHistory(text);
    const result = checkHistory(operations, {
      now: io.now,
      budgetMs: command.budgetMs,
      memoryLimitBytes: command.memoryLimitBytes,
      firstViolation: command.firstViolation,
    });
    if (command.json)
      io.out(many ? `${resultAsJson({ file, result }, 0)}\n` : `${resultAsJson(result, 2)}\n`);
    else if (many) io.out(`${file}: ${formatCheckSummary(result)}\n`);
    else io.out(formatCheckReport(result, operations, { showOkKeys: command.showOk }));
    return { file, code: exitCodes[result.verdict], result };
  } catch (error) {
    const known = error instanceof HistoryFormatError;
    const message = known ? error.message : describeError(error);
    io.error(
      `check: ${file}: ${known ? '' : 'internal error (a bug in the checker, not a verdict): '}${message}\n`,
    );
    if (many) {
      const line = command.json
        ? resultAsJson({ file, error: message.split('\n')[0] }, 0)
        : `${file}: ${known ? 'bad input' : 'internal error'} (${message.split('\n')[0]})`;
      io.out(`${line}\n`);
    }
    return { file, code: known ? exitCodes.badInput : exitCodes.internalError };
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function filesSummary(outcomes: readonly FileOutcome[]): string {
  const count = (code: number) => outcomes.filter((outcome) => outcome.code === code).length;
  const internal = count(exitCodes.internalError);
  return (
    `${outcomes.length} histories: ${count(exitCodes.ok)} linearizable, ${count(exitCodes.violation)} violation, ` +
    `${count(exitCodes.unknown)} unknown, ${count(exitCodes.badInput)} bad input` +
    `${internal === 0 ? '' : `, ${internal} internal error`}\n`
  );
}

/** The exit code of many histories: the first of internal error, violation, bad input, unknown that any gave. */
function worstCode(codes: readonly number[]): number {
  const order = [exitCodes.internalError, exitCodes.violation, exitCodes.badInput, exitCodes.unknown];
  return order.find((code) => codes.includes(code)) ?? exitCodes.ok;
}

/** JSON with byte values written as {"utf8": text} or {"base64": text}. */
function resultAsJson(result: unknown, indent: number): string {
  return JSON.stringify(
    result,
    (_key, value: unknown) => {
      if (!(value instanceof Uint8Array)) return value;
      const { value: text, valueEncoding } = bytesAsText(value);
      return { [valueEncoding]: text };
    },
    indent,
  );
}

/** True when the arguments ask for the cluster mode rather than a recorded history. */
export function isClusterInvocation(argv: readonly string[]): boolean {
  return (
    !argv.includes('--history') && argv.some((arg) => arg === '--duration' || arg.startsWith('--duration='))
  );
}

/** The cluster mode, loaded on demand: returns the exit code. */
export async function runClusterCheckCommand(argv: readonly string[], io: CheckIo): Promise<number> {
  const { runClusterMode } = await import('./check-cluster');
  return runClusterMode(argv, io);
}

/**
 * The whole command: either mode, `--help` with both modes' usage, and any error the checker did not
 * expect reported as such (exit 4) rather than as a crash whose exit status could read as a violation.
 */
export async function main(argv: readonly string[], io: CheckIo = nodeIo): Promise<number> {
  try {
    if (isClusterInvocation(argv)) return await runClusterCheckCommand(argv, io);
    if (argv.includes('--help')) {
      const { fullUsage } = await import('./check-cluster');
      io.out(`${fullUsage}\n`);
      return exitCodes.ok;
    }
    return runCheck(argv, io);
  } catch (error) {
    io.error(`check: internal error (a bug in the checker, not a verdict): ${describeError(error)}\n`);
    return exitCodes.internalError;
  }
}

const nodeIo: CheckIo = {
  readFile: (path) => readFileSync(path, 'utf8'),
  out: (text) => process.stdout.write(text),
  error: (text) => process.stderr.write(text),
  now: () => performance.now(),
  listFolder: (path) => (statSync(path, { throwIfNoEntry: false })?.isDirectory() ? readdirSync(path) : null),
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
