/**
 * The data-structure and image commands of `npm run kv` (qpush, qpop, …, tupdate, iset, iget): their
 * grammar and usage text. kv-command.ts hands them the flags every kv command shares, so the two
 * grammars name mistakes alike (a UsageError naming the argument or flag).
 */
import type { Topology } from '../../../app/model/topology';
import type { Row } from '../../../app/kv/structures/table';
import {
  integerFlag,
  parseFlags,
  stringFlag,
  UsageError,
  type FlagSpec,
  type FlagValues,
} from '../cli/flags';
import { attemptsDefault } from './cas-loop';
import { structureBytesDefault } from './structure-options';

export const structureUsage = `Queues, sets and tables (each operation one compare-and-set of one key, retried on conflict):
  qpush QUEUE VALUE                  append VALUE to QUEUE
  qpop QUEUE                         take the first element (each element is taken once)
  qpeek QUEUE                        show the first element without taking it
  qlen QUEUE                         count the elements not yet taken
  sadd SET MEMBER                    add MEMBER
  srem SET MEMBER                    remove MEMBER
  scontains SET MEMBER               is MEMBER in SET?
  smembers SET                       every member, sorted
  tput TABLE PK COL=VAL...           write row PK with these columns (replacing the row)
  tget TABLE PK                      read row PK
  tdel TABLE PK                      delete row PK
  tscan TABLE [FROM] [TO]            rows with FROM <= PK < TO, in key order
  tupdate TABLE PK --if COL=VAL... --set COL=VAL...
                                     set columns only when every --if column has that value
Image keys (64-bit average hash of a PNG or JPEG):
  iset PATH METADATA                 store METADATA under the image's hash
  iget PATH                          find the metadata of the same picture (any size, grayscale)

Options of these commands (besides --node, --topology, --base-port, --timeout-ms):
  --request-id ID      one id for every attempt of the operation (default: a fresh id); repeat a
                       command with the id it printed to learn whether it was applied, never twice
  --attempts N         conflicts and failures before giving up (default ${attemptsDefault})
  --structure-bytes N  the largest value a structure key may hold (default ${structureBytesDefault}, at
                       most the topology's value limit); a queue splits into segments of this size
  --distance N         iget: without an exact match, the indexed hash at most N bits away (default 0)

Exit codes also: 1 empty queue, not a member, row not found or condition not met; 4 a key holds a
value that is not this structure's (corrupt, or written by a plain put).`;

export type StructureAction =
  | { kind: 'qpush'; queue: string; element: string }
  | { kind: 'qpop' | 'qpeek' | 'qlen'; queue: string }
  | { kind: 'sadd' | 'srem' | 'scontains'; set: string; member: string }
  | { kind: 'smembers'; set: string }
  | { kind: 'tput'; table: string; primaryKey: string; columns: Row }
  | { kind: 'tget' | 'tdel'; table: string; primaryKey: string }
  | { kind: 'tscan'; table: string; from: string | undefined; to: string | undefined }
  | { kind: 'tupdate'; table: string; primaryKey: string; conditions: Row; sets: Row }
  | { kind: 'iset'; path: string; metadata: string }
  | { kind: 'iget'; path: string; distance: number };

export interface StructureCommand {
  type: 'structure';
  topology: Topology;
  via: string | undefined;
  timeoutMs: number;
  /** Absent: a fresh id per operation. */
  requestId: string | undefined;
  attemptsMax: number;
  structureBytes: number;
  action: StructureAction;
}

/** The flags every kv command takes, and how kv-command.ts reads them. */
export interface SharedFlags {
  spec: Record<string, FlagSpec>;
  read(values: FlagValues): { topology: Topology; via: string | undefined; timeoutMs: number };
}

/** Positional arguments of each command; a name ending in "..." takes one or more, in [] is optional. */
const grammar: Record<StructureAction['kind'], string[]> = {
  qpush: ['QUEUE', 'VALUE'],
  qpop: ['QUEUE'],
  qpeek: ['QUEUE'],
  qlen: ['QUEUE'],
  sadd: ['SET', 'MEMBER'],
  srem: ['SET', 'MEMBER'],
  scontains: ['SET', 'MEMBER'],
  smembers: ['SET'],
  tput: ['TABLE', 'PK', 'COL=VAL...'],
  tget: ['TABLE', 'PK'],
  tdel: ['TABLE', 'PK'],
  tscan: ['TABLE', '[FROM]', '[TO]'],
  tupdate: ['TABLE', 'PK'],
  iset: ['PATH', 'METADATA'],
  iget: ['PATH'],
};

export const structureCommandNames = Object.keys(grammar) as StructureAction['kind'][];

/** Request ids up to this long: housekeeping writes append a suffix within the store's 256. */
const requestIdCharsMax = 200;

export function parseStructureCommand(
  argv: readonly string[],
  shared: SharedFlags,
): StructureCommand | 'help' {
  const { rest, groups } = splitColumnGroups(argv);
  const spec = {
    ...shared.spec,
    attempts: { switch: false },
    'structure-bytes': { switch: false },
    distance: { switch: false },
  };
  const { values, positionals } = parseFlags(rest, spec, true);
  if (values.help === true) return 'help';
  const [name, ...args] = positionals as [StructureAction['kind'], ...string[]];
  checkArity(name, args);
  if (name !== 'tupdate' && (groups.if || groups.set)) {
    throw new UsageError(groups.if ? '--if' : '--set', `only tupdate takes it`);
  }
  const requestId = stringFlag(values, 'request-id');
  if (requestId !== undefined && requestId.length > requestIdCharsMax) {
    throw new UsageError(
      '--request-id',
      `must be at most ${requestIdCharsMax} characters`,
      requestIdCharsMax,
    );
  }
  return {
    type: 'structure',
    ...shared.read(values),
    requestId,
    attemptsMax: integerFlag(values, 'attempts', 1, 1000) ?? attemptsDefault,
    structureBytes: integerFlag(values, 'structure-bytes', 64, 16 * 1024 * 1024) ?? structureBytesDefault,
    action: actionOf(name, args, groups, integerFlag(values, 'distance', 0, 64) ?? 0),
  };
}

function checkArity(name: StructureAction['kind'], args: string[]): void {
  const names = grammar[name];
  const required = names.filter((n) => !n.startsWith('[')).length;
  const variadic = names.at(-1)!.endsWith('...');
  const optional = names.length - required;
  if (args.length < required) throw new UsageError(names[args.length]!, `${name} takes ${names.join(' ')}`);
  if (!variadic && args.length > required + optional) {
    throw new UsageError('(arguments)', `${name} takes ${names.join(' ')}; got ${args.length} arguments`);
  }
}

function actionOf(
  name: StructureAction['kind'],
  args: string[],
  groups: { if?: Row; set?: Row },
  distance: number,
): StructureAction {
  const [first = '', second = ''] = args;
  switch (name) {
    case 'qpush':
      return { kind: name, queue: first, element: second };
    case 'qpop':
    case 'qpeek':
    case 'qlen':
      return { kind: name, queue: first };
    case 'sadd':
    case 'srem':
    case 'scontains':
      return { kind: name, set: first, member: second };
    case 'smembers':
      return { kind: name, set: first };
    case 'tput':
      return { kind: name, table: first, primaryKey: second, columns: columnsOf('COL=VAL', args.slice(2)) };
    case 'tget':
    case 'tdel':
      return { kind: name, table: first, primaryKey: second };
    case 'tscan':
      return { kind: name, table: first, from: args[1], to: args[2] };
    case 'tupdate':
      if (!groups.set)
        throw new UsageError('--set', 'tupdate needs --set COL=VAL... (and usually --if COL=VAL...)');
      return { kind: name, table: first, primaryKey: second, conditions: groups.if ?? {}, sets: groups.set };
    case 'iset':
      return { kind: name, path: first, metadata: second };
    case 'iget':
      return { kind: name, path: first, distance };
  }
}

/** COL=VAL arguments as a row; `field` names them in errors. */
export function columnsOf(field: string, pairs: readonly string[]): Row {
  const row: Row = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(field, `expected COL=VAL with a non-empty COL; got "${pair}"`);
    const column = pair.slice(0, at);
    if (Object.hasOwn(row, column)) throw new UsageError(field, `column "${column}" is given twice`);
    row[column] = pair.slice(at + 1);
  }
  return row;
}

/**
 * Takes `--if COL=VAL...` and `--set COL=VAL...` out of argv: each takes the arguments after it up to
 * the next one starting with "--".
 */
export function splitColumnGroups(argv: readonly string[]): {
  rest: string[];
  groups: { if?: Row; set?: Row };
} {
  const rest: string[] = [];
  const groups: { if?: Row; set?: Row } = {};
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i]!;
    if (flag !== '--if' && flag !== '--set') {
      rest.push(flag);
      continue;
    }
    const pairs: string[] = [];
    while (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) pairs.push(argv[(i += 1)]!);
    const group = flag === '--if' ? 'if' : 'set';
    if (pairs.length === 0) throw new UsageError(flag, 'needs at least one COL=VAL');
    if (groups[group]) throw new UsageError(flag, 'is given twice; list every COL=VAL after one');
    groups[group] = columnsOf(flag, pairs);
  }
  return { rest, groups };
}
