/** The KV command line's grammar: commands, arguments and flags, each mistake naming its field. */
import { integerFlag, parseFlags, stringFlag, UsageError } from '../cli/flags';
import { loadTopology } from '../cli/topology-flag';
import { nodeLocations, type Topology } from '../../../app/model/topology';
import type { KvOperation } from '../../../app/kv/operations';
import { kvAttemptTimeoutMs, newRequestId } from './kv-client';

export const kvUsage = `Usage: npm run kv -- COMMAND [options]

Commands:
  put KEY VALUE                      write VALUE (UTF-8) under KEY
  get KEY                            read KEY (never a stale value)
  delete KEY                         delete KEY
  cas KEY EXPECTED_VERSION VALUE     write only if KEY is at EXPECTED_VERSION (0: does not exist yet)

Options:
  --node ID          ask this agent (it forwards keys it does not replicate); default: the key's
                     replicas in role order A, B, C, moving on when one is down
  --topology FILE    the cluster's topology (default: the embedded one)
  --base-port P      first port of the embedded topology (default 7401)
  --request-id ID    make a write idempotent across retries (default: a fresh id)
  --timeout-ms MS    per attempt (default 4000)
  --help             print this text

Exit codes: 0 ok, 1 not found or version conflict, 2 bad input, 3 unavailable (retry later).`;

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

export function parseKvCommand(argv: readonly string[]): KvCommand | 'help' {
  const { values, positionals } = parseFlags(argv, flagSpec, true);
  if (values.help === true) return 'help';
  const [command, ...args] = positionals;
  const names = command === undefined ? undefined : arity[command];
  if (!names)
    throw new UsageError(
      'COMMAND',
      `must be one of ${Object.keys(arity).join(', ')}; got "${command ?? ''}"`,
    );
  if (args.length !== names.length) {
    throw new UsageError(names[args.length] ?? '(arguments)', `${command} takes ${names.join(' ')}`);
  }
  const topology = loadTopology(stringFlag(values, 'topology'), integerFlag(values, 'base-port', 1, 65530));
  const via = stringFlag(values, 'node');
  if (via !== undefined && !nodeLocations(topology).some((node) => node.id === via)) {
    throw new UsageError('--node', `"${via}" is not in the topology`);
  }
  const requestId = stringFlag(values, 'request-id') ?? newRequestId('kv-cli');
  const timeoutMs = integerFlag(values, 'timeout-ms', 1, 600_000) ?? kvAttemptTimeoutMs;
  return { topology, operation: operationOf(command!, args), requestId, via, timeoutMs };
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
