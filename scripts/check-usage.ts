/**
 * What both modes of `npm run check` share: exit codes, the I/O they are given (so tests run them
 * in-process), and the history mode's flags and usage. Kept apart from the modes so that the cluster
 * mode, loaded lazily, and the history mode can both use it without loading each other.
 */

/** 4 is for the checker's own failures, so no crash can pass for a violation (1). */
export const exitCodes = { ok: 0, violation: 1, badInput: 2, unknown: 3, internalError: 4 } as const;

/** What the command needs from the outside world, so tests can run it in-process. */
export interface CheckIo {
  readFile: (path: string) => string;
  out: (text: string) => void;
  error: (text: string) => void;
  now: () => number;
  /** The names of the entries of a folder, or null when the path is not a folder. Absent: every path is a file. */
  listFolder?: (path: string) => string[] | null;
}

export const historyFlagTable = {
  history: {
    type: 'string',
    multiple: true,
    argument: 'FILE…',
    help: 'check these JSON-lines histories: files, or folders of .jsonl files',
  },
  'budget-ms': {
    type: 'string',
    argument: 'N',
    help: 'time for each history, shared fairly by its keys (default 60000)',
  },
  'memory-mb': {
    type: 'string',
    argument: 'N',
    help: "most memory one key's search may hold, in MiB (default 256)",
  },
  'first-violation': { type: 'boolean', help: 'stop at the first violation found' },
  json: { type: 'boolean', help: 'print the whole result as JSON (one line per history when many)' },
  'show-ok': { type: 'boolean', help: 'list linearizable keys too, not only their count' },
  help: { type: 'boolean', help: 'print this help' },
} as const;

interface FlagDescription {
  argument?: string;
  help: string;
}

/** One line per flag: name, argument, help. */
export function flagHelp(table: Record<string, FlagDescription>): string[] {
  return Object.entries(table).map(
    ([name, flag]) =>
      `  --${name}${flag.argument === undefined ? '' : ` ${flag.argument}`}`.padEnd(24) + flag.help,
  );
}

export const historyUsage = [
  'usage: npm run check -- --history FILE… [--budget-ms N] [--memory-mb N] [--first-violation] [--json] [--show-ok]',
  ...flagHelp(historyFlagTable),
  'exit codes: 0 linearizable, 1 violation, 2 bad input, 3 unknown (a time or memory limit came first),',
  '            4 internal error; with many histories the first of 4, 1, 2, 3 that any history gave',
].join('\n');
