/** The KV command line's grammar: commands, arguments and flags, each mistake naming its field. */
import { integerFlag, parseFlags, stringFlag, UsageError, type FlagValues } from '../cli/flags';
import { loadTopology } from '../cli/topology-flag';
import { nodeLocations, type Topology } from '../../../app/model/topology';
import type { KvOperation } from '../../../app/kv/operations';
import {
  parseStructureCommand,
  structureCommandNames,
  structureUsage,
  type StructureCommand,
} from '../structures/structure-command';
import { kvAttemptTimeoutMs, newRequestId } from './kv-client';
import type { KvFillCommand } from './kv-fill';

const fillValueBytesDefault = 120;
const fillInFlightDefault = 64;

export const kvUsage = `Usage: npm run kv -- COMMAND [options]

Commands:
  put KEY VALUE                      write VALUE (UTF-8) under KEY
  get KEY                            read KEY (never a stale value)
  delete KEY                         delete KEY
  cas KEY EXPECTED_VERSION VALUE     write only if KEY is at EXPECTED_VERSION (0: does not exist yet)
  fill PREFIX COUNT                  bulk write: COUNT keys PREFIX0 … PREFIX(COUNT-1), random values,
                                     on one pipelined stream per agent (--value-bytes N, default
                                     ${fillValueBytesDefault}; --in-flight N, default ${fillInFlightDefault}); exit 3 if any failed

Options:
  --node ID          ask this agent (it forwards keys it does not replicate); default: the key's
                     replicas in role order A, B, C, moving on when one is down
  --topology FILE    the cluster's topology (default: the embedded one)
  --base-port P      first port of the embedded topology (default 7401)
  --request-id ID    make a write idempotent across retries (default: a fresh id)
  --timeout-ms MS    per attempt (default 4000)
  --help             print this text

Exit codes: 0 ok, 1 not found or version conflict, 2 bad input, 3 unavailable (retry later).`;

/** The whole text of `npm run kv -- --help`: the plain commands, then the structures' and images'. */
export const kvCliUsage = `${kvUsage}\n\n${structureUsage}`;

const flagSpec = {
  node: { switch: false },
  topology: { switch: false },
  'base-port': { switch: false },
  'request-id': { switch: false },
  'timeout-ms': { switch: false },
  help: { switch: true },
} as const;

export interface KvCommand {
  topology: Topology;
  operation: KvOperation;
  /** A write's id over all its attempts (--request-id, or a fresh one). */
  requestId: string;
  via: string | undefined;
  timeoutMs: number;
}

const arity: Record<string, string[]> = {
  put: ['KEY', 'VALUE'],
  get: ['KEY'],
  delete: ['KEY'],
  cas: ['KEY', 'EXPECTED_VERSION', 'VALUE'],
};

/** Any kv command: a plain operation on one key, a bulk fill, or a data-structure or image command. */
export type KvCliCommand =
  ({ type: 'kv' } & KvCommand) | ({ type: 'fill' } & KvFillCommand) | StructureCommand;

export function parseKvCliCommand(argv: readonly string[]): KvCliCommand | 'help' {
  const word = commandWord(argv);
  if ((structureCommandNames as readonly string[]).includes(word ?? '')) {
    return parseStructureCommand(argv, { spec: flagSpec, read: sharedOptions });
  }
  if (word === 'fill') {
    const fill = parseFillCommand(argv);
    return fill === 'help' ? fill : { type: 'fill', ...fill };
  }
  const command = parseKvCommand(argv);
  return command === 'help' ? command : { type: 'kv', ...command };
}

/** The first argument that is neither a flag nor a flag's value. */
function commandWord(argv: readonly string[]): string | undefined {
  const takesValue = (arg: string) =>
    /^--[a-z-]+$/.test(arg) && arg !== '--help' && arg !== '--if' && arg !== '--set';
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) return arg;
    if (takesValue(arg)) i += 1;
  }
  return undefined;
}

export function parseKvCommand(argv: readonly string[]): KvCommand | 'help' {
  const { values, positionals } = parseFlags(argv, flagSpec, true);
  if (values.help === true) return 'help';
  const [command, ...args] = positionals;
  const names = command === undefined ? undefined : arity[command];
  if (!names) {
    const all = [...Object.keys(arity), ...structureCommandNames].join(', ');
    throw new UsageError('COMMAND', `must be one of ${all}; got "${command ?? ''}"`);
  }
  if (args.length !== names.length) {
    throw new UsageError(names[args.length] ?? '(arguments)', `${command} takes ${names.join(' ')}`);
  }
  const requestId = stringFlag(values, 'request-id') ?? newRequestId('kv-cli');
  return { ...sharedOptions(values), operation: operationOf(command!, args), requestId };
}

const fillFlagSpec = {
  ...flagSpec,
  'value-bytes': { switch: false },
  'in-flight': { switch: false },
} as const;

/** Keys a fill may write in one command. */
const fillCountMax = 10_000_000;

function parseFillCommand(argv: readonly string[]): KvFillCommand | 'help' {
  const { values, positionals } = parseFlags(argv, fillFlagSpec, true);
  if (values.help === true) return 'help';
  const [, prefix, countText, ...extra] = positionals;
  if (prefix === undefined || countText === undefined || extra.length > 0) {
    throw new UsageError(prefix === undefined ? 'PREFIX' : 'COUNT', 'fill takes PREFIX COUNT');
  }
  const count = Number(countText);
  if (!/^\d+$/.test(countText) || count < 1 || count > fillCountMax) {
    throw new UsageError('COUNT', `must be a whole number from 1 to ${fillCountMax}; got "${countText}"`);
  }
  return {
    ...sharedOptions(values),
    prefix,
    count,
    valueBytes: integerFlag(values, 'value-bytes', 0, 16 * 1024 * 1024) ?? fillValueBytesDefault,
    inFlight: integerFlag(values, 'in-flight', 1, 4096) ?? fillInFlightDefault,
  };
}

/** The flags every kv command reads alike. */
function sharedOptions(values: FlagValues): {
  topology: Topology;
  via: string | undefined;
  timeoutMs: number;
} {
  const topology = loadTopology(stringFlag(values, 'topology'), integerFlag(values, 'base-port', 1, 65530));
  const via = stringFlag(values, 'node');
  if (via !== undefined && !nodeLocations(topology).some((node) => node.id === via)) {
    throw new UsageError('--node', `"${via}" is not in the topology`);
  }
  const timeoutMs = integerFlag(values, 'timeout-ms', 1, 600_000) ?? kvAttemptTimeoutMs;
  return { topology, via, timeoutMs };
}

function operationOf(command: string, args: string[]): KvOperation {
  const key = args[0]!;
  const bytes = (text: string) => new TextEncoder().encode(text);
  switch (command) {
    case 'get':
      return { kind: 'get', key };
    case 'put':
      return { kind: 'put', key, value: bytes(args[1]!) };
    case 'delete':
      return { kind: 'delete', key };
    default: {
      const text = args[1]!;
      const expectedVersion = Number(text);
      if (!/^\d+$/.test(text) || !Number.isSafeInteger(expectedVersion)) {
        throw new UsageError(
          'EXPECTED_VERSION',
          `must be a whole number (0 for "does not exist"); got "${text}"`,
        );
      }
      return { kind: 'cas', key, value: bytes(args[2]!), expectedVersion };
    }
  }
}
