/**
 * The cluster mode of `npm run check`: its flags, their defaults and limits, parsed into one options
 * object. Every error names the flag and the limit it broke.
 */
import { parseArgs } from 'node:util';
import { faultKinds, processFaultKinds } from '../../app/contract/checker-vocabulary';
import { protocolNames, type ProtocolName } from '../../app/protocol/protocol';
import { keyDistributions, type KeyDistribution } from './key-chooser';
import { parseFaultKinds, type FaultKind } from './nemesis-schedule';
import { checkOneReplicaRead, readModes, type ReadMode } from './read-paths';
import { requestDeadlineMsDefault, retryShareDefault } from './checked-run';

export interface ClusterCheckOptions {
  durationMs: number;
  kinds: FaultKind[];
  seed: number;
  clients: number;
  keys: number;
  distribution: KeyDistribution;
  rateOpsPerSecond: number;
  requestDeadlineMs: number;
  /** The share of writes sent to random agents and retried on others with their request id. */
  retryShare: number;
  mode: ReadMode;
  /** Node id → "host:port" of running agents; null starts a cluster. */
  attach: Record<string, string> | null;
  /** The protocol a started cluster runs (absent: PaxosKV); attached agents run their topology's. */
  protocol?: ProtocolName;
  /** --compare: run the same workload and fault schedule on a fresh cluster of each, in this order. */
  compare?: ProtocolName[];
  token: string | null;
  /** Folder for the history, faults and HTML files. */
  outDir: string;
  budgetMs: number | undefined;
}

export const clusterFlagTable = {
  duration: { type: 'string', argument: 'D', help: 'workload length, e.g. 60s, 90000ms, 2m (1s-1h)' },
  nemesis: {
    type: 'string',
    argument: 'K',
    help: `all | none | comma list of ${faultKinds.join(',')}`,
  },
  seed: { type: 'string', argument: 'S', help: 'seeds the schedule, keys and mix (default: time)' },
  clients: { type: 'string', argument: 'N', help: 'concurrent clients, 1-256 (default 8)' },
  keys: { type: 'string', argument: 'K', help: 'keys, 1-10000 (default 10)' },
  distribution: { type: 'string', argument: 'X', help: 'uniform | zipfian | hot (default zipfian)' },
  rate: { type: 'string', argument: 'R', help: 'target operations per second, all clients (default 100)' },
  'deadline-ms': {
    type: 'string',
    argument: 'N',
    help: `per-request deadline (default ${requestDeadlineMsDefault})`,
  },
  'retry-share': {
    type: 'string',
    argument: 'P',
    help: `share of writes sent to a random agent and, after a timeout or a non-definite failure, retried with their request id on another (0-1, default ${retryShareDefault})`,
  },
  mode: { type: 'string', argument: 'M', help: 'paxos | one-replica-read (reads one replica without Paxos)' },
  protocol: {
    type: 'string',
    argument: 'P',
    help: `the protocol the started agents run: ${protocolNames.join(' | ')} (default paxoskv; not with --attach)`,
  },
  compare: {
    type: 'string',
    argument: 'P,P',
    help: `run the same workload and faults (same seed) on a fresh cluster of each protocol in turn and print one table (ok ops/s, p50/p99 ms of ok operations, share answered during faults and outside them, first attempts failed, verdict with anomalies, lost acknowledged writes): comma list of ${protocolNames.join(',')} (not with --protocol or --attach)`,
  },
  attach: {
    type: 'string',
    argument: 'ADDRS',
    help: 'n0=host:port,n1=… of running agents instead of starting',
  },
  token: { type: 'string', argument: 'T', help: 'the attached cluster token for ControlService' },
  out: {
    type: 'string',
    argument: 'DIR',
    help: 'where to write the history and HTML (default .tmp/check-…)',
  },
  'budget-ms': { type: 'string', argument: 'N', help: 'checker time budget' },
  help: { type: 'boolean', help: 'print this help' },
} as const;

export class ClusterUsageError extends Error {}

export function parseClusterCheckArguments(
  argv: readonly string[],
  nowMs: number,
): ClusterCheckOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: clusterFlagTable,
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new ClusterUsageError((error as Error).message);
  }
  if (values.help === true) return 'help';
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const attach = text('attach') === undefined ? null : parseAddresses(text('attach')!);
  const kinds = guard(() => parseFaultKinds(text('nemesis') ?? 'all'));
  if (attach !== null && text('protocol') !== undefined) {
    throw new ClusterUsageError(
      '--protocol: attached agents run the protocol of their own topology; leave it out',
    );
  }
  const compare = text('compare') === undefined ? undefined : parseCompare(text('compare')!);
  if (compare !== undefined && text('protocol') !== undefined) {
    throw new ClusterUsageError('--compare: names the protocols itself; leave out --protocol');
  }
  if (compare !== undefined && attach !== null) {
    throw new ClusterUsageError('--compare: starts a fresh cluster of each protocol; leave out --attach');
  }
  if (text('mode') === 'one-replica-read') {
    // Refused here, before any agent starts: the mode means nothing for a protocol with no copy per key.
    for (const protocol of compare ?? [text('protocol') ?? 'paxoskv']) {
      guard(() => checkOneReplicaRead(oneOf('protocol', protocol, protocolNames)));
    }
  }
  if (attach !== null && kinds.some((kind) => processFaultKinds.includes(kind))) {
    const others = faultKinds.filter((kind) => !processFaultKinds.includes(kind));
    throw new ClusterUsageError(
      `--nemesis: ${processFaultKinds.join(', ')} act on agent processes, which --attach cannot; name the others (${others.join(',')})`,
    );
  }
  return {
    durationMs: parseDuration(text('duration') ?? ''),
    kinds,
    seed: integer('seed', text('seed'), nowMs % 2 ** 31, 0, 2 ** 31 - 1),
    clients: integer('clients', text('clients'), 8, 1, 256),
    keys: integer('keys', text('keys'), 10, 1, 10_000),
    distribution: oneOf('distribution', text('distribution') ?? 'zipfian', keyDistributions),
    rateOpsPerSecond: integer('rate', text('rate'), 100, 1, 100_000),
    requestDeadlineMs: integer('deadline-ms', text('deadline-ms'), requestDeadlineMsDefault, 100, 600_000),
    retryShare: share('retry-share', text('retry-share'), retryShareDefault),
    mode: oneOf('mode', text('mode') ?? 'paxos', readModes),
    protocol: oneOf('protocol', text('protocol') ?? 'paxoskv', protocolNames),
    ...(compare === undefined ? {} : { compare }),
    attach,
    token: text('token') ?? null,
    outDir: text('out') ?? `.tmp/check-${new Date(nowMs).toISOString().replace(/[:.]/g, '-')}`,
    budgetMs:
      text('budget-ms') === undefined ? undefined : integer('budget-ms', text('budget-ms'), 0, 0, 86_400_000),
  };
}

/** "60s", "1500ms", "2m" or a bare number of seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  const unitMs = { ms: 1, s: 1000, m: 60_000 }[match?.[2] ?? 's']!;
  const durationMs = match ? Number(match[1]) * unitMs : NaN;
  if (!(durationMs >= 1000 && durationMs <= 3_600_000)) {
    throw new ClusterUsageError(
      `--duration must be from 1s to 1h (e.g. 60s, 2m), got ${JSON.stringify(text)}`,
    );
  }
  return durationMs;
}

function integer(flag: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    throw new ClusterUsageError(
      `--${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}

/** A fraction from 0 to 1, such as 0.25. */
function share(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new ClusterUsageError(`--${flag} must be a number from 0 to 1, got ${JSON.stringify(text)}`);
  }
  return value;
}

function oneOf<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) {
    throw new ClusterUsageError(
      `--${flag} must be one of ${allowed.join(', ')}, got ${JSON.stringify(text)}`,
    );
  }
  return text as T;
}

/** "paxoskv,quorumkv": known protocols, each once, at least two. */
export function parseCompare(text: string): ProtocolName[] {
  const names = text.split(',').map((name) => name.trim().toLowerCase());
  const unknown = names.filter((name) => !(protocolNames as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new ClusterUsageError(
      `--compare: ${unknown.map((name) => JSON.stringify(name)).join(', ')} is not a protocol; name two or more of ${protocolNames.join(', ')}`,
    );
  }
  const distinct = [...new Set(names)] as ProtocolName[];
  if (distinct.length < 2) {
    throw new ClusterUsageError(
      `--compare: name two or more different protocols of ${protocolNames.join(', ')}, got ${JSON.stringify(text)}`,
    );
  }
  return distinct;
}

function parseAddresses(text: string): Record<string, string> {
  const addresses: Record<string, string> = {};
  for (const entry of text.split(',')) {
    const match = /^([A-Za-z][A-Za-z0-9_-]*)=([^=\s]+:\d+)$/.exec(entry.trim());
    if (!match)
      throw new ClusterUsageError(
        `--attach: each entry must be NODE=HOST:PORT, got ${JSON.stringify(entry)}`,
      );
    addresses[match[1]!] = match[2]!;
  }
  return addresses;
}

function guard<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new ClusterUsageError((error as Error).message);
  }
}
