/**
 * Flags of `npm run bench:store`. The defaults are the protocol (10,000 keys, at least 10 s per
 * cell); `--quick` is a smoke run that exercises every part in well under a minute per system.
 */
import { protocolNames, type ProtocolName } from '../../app/protocol/protocol';
import { choiceFlag, integerFlag, parseFlags, stringFlag, UsageError } from '../../node-agent';

export const storeBenchUsage = `Usage: npm run bench:store -- [options]

Starts three real node agents (fsync on) and a 3-member etcd cluster on 127.0.0.1, preloads the same
keys into both, and runs write-only, read-only and 3.3:1 read/write workloads at 1, 16 and 64
requests in flight, each system back to back per cell. Prints a table and the targets.
With several protocols, etcd starts and is preloaded once; each protocol then gets fresh agents,
its own preload and every cell, each cell measured beside etcd again, and the protocol's agents stop
before the next protocol's start.

  --quick              smoke run: 2 s cells, 0.5 s warm-up, 1,000 keys
  --seconds N          measured seconds per cell (default 10; 1-600)
  --warmup-ms N        warm-up before each cell is measured (default 2000; 0-60000)
  --keys N             keys preloaded into each system (default 10000; 100-1000000)
  --agents 3|6         3: start only the three agents that replicate every benchmark key (default);
                       6: start the whole 6-node group and spread keys over all of it
  --protocol LIST      the protocol the agents run, or a comma list run one after another beside the
                       same etcd: ${protocolNames.join(', ')}, or all (default paxoskv)
  --rows LIST          kv (the key-value cells), queue (push and pop at 1 and 64 in flight on one
                       queue beside etcd's compare-and-set loop on one key), or kv,queue (default)
  --help               print this text`;

export interface StoreBenchOptions {
  measureMs: number;
  warmupMs: number;
  keyCount: number;
  /** How many agents to start; see --agents. */
  agents: 3 | 6;
  /** write+fdatasync iterations for the disk floor. */
  fsyncSamples: number;
  /** The protocols our agents run, one after another, each beside etcd. */
  protocols: ProtocolName[];
  /** Which rows run: the key-value cells, the queue rows (queue-rows.ts), or both. */
  rows: { kv: boolean; queue: boolean };
}

const flagSpec = {
  quick: { switch: true },
  seconds: { switch: false },
  'warmup-ms': { switch: false },
  keys: { switch: false },
  agents: { switch: false },
  protocol: { switch: false },
  rows: { switch: false },
  help: { switch: true },
} as const;

/** Parses argv; 'help' when --help was given. Throws UsageError naming the flag on bad input. */
export function parseStoreBenchOptions(argv: readonly string[]): StoreBenchOptions | 'help' {
  const { values } = parseFlags(argv, flagSpec);
  if (values.help === true) return 'help';
  const quick = values.quick === true;
  const seconds = integerFlag(values, 'seconds', 1, 600) ?? (quick ? 2 : 10);
  const agents = choiceFlag(values, 'agents', ['3', '6'], '3');
  return {
    measureMs: seconds * 1000,
    warmupMs: integerFlag(values, 'warmup-ms', 0, 60_000) ?? (quick ? 500 : 2000),
    keyCount: integerFlag(values, 'keys', 100, 1_000_000) ?? (quick ? 1000 : 10_000),
    agents: agents === '6' ? 6 : 3,
    fsyncSamples: quick ? 500 : 2000,
    protocols: protocolList(stringFlag(values, 'protocol')),
    rows: rowList(stringFlag(values, 'rows')),
  };
}

function rowList(text: string | undefined): StoreBenchOptions['rows'] {
  if (text === undefined) return { kv: true, queue: true };
  const names = text.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => name !== 'kv' && name !== 'queue');
  if (unknown.length > 0 || names.length === 0) {
    throw new UsageError('--rows', `must list kv, queue or both, got ${JSON.stringify(text)}`);
  }
  return { kv: names.includes('kv'), queue: names.includes('queue') };
}

/** "paxoskv,quorumkv" or "all": registered protocols (app/protocol), each once. */
function protocolList(text: string | undefined): ProtocolName[] {
  if (text === undefined) return ['paxoskv'];
  if (text === 'all') return [...protocolNames];
  const names = text.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(protocolNames as readonly string[]).includes(name));
  if (unknown.length > 0) {
    const listed = unknown.map((name) => JSON.stringify(name)).join(', ');
    throw new UsageError(
      '--protocol',
      `${listed} is not a protocol; name some of ${protocolNames.join(', ')}, or all`,
    );
  }
  if (new Set(names).size !== names.length) {
    throw new UsageError('--protocol', `names a protocol twice: ${JSON.stringify(text)}`);
  }
  return names as ProtocolName[];
}
