/** The prose around the tables: what ran where and how requests were routed, then targets and load. */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../node-agent';
import type { BenchAgents } from './agent-cluster';
import type { StoreBenchOptions } from './bench-options';
import { roleACounts, type BenchKey } from './bench-keys';
import type { CellPair } from './bench-results';
import { etcdBinary, etcdVersion } from './etcd-cluster';
import { describeFsyncFloor, type FsyncFloor } from './fsync-floor';
import { errorLines } from './report-table';
import { checkTargets, formatTargetCheck, type PreloadTimes } from './report-targets';

function packageVersion(name: string): string {
  const path = join(repoRoot, 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
}

export interface SetupFacts {
  options: StoreBenchOptions;
  floor: FsyncFloor;
  agents: BenchAgents;
  keys: readonly BenchKey[];
  etcdLeader: string;
  valueBytes: number;
}

/** What role A does with a request it receives, per protocol the bench has been read against. */
const routingNote: Partial<Record<string, string>> = {
  paxoskv:
    "No agent forwards; the preload made A the owner of each key's last chosen value, which lets its writes take the fast path.",
  quorumkv:
    'A coordinates: it numbers the write from its own copy, stores it and answers once one more replica stored it (W=2); a read asks the other two and answers from the first R=2 copies.',
  multipaxos:
    "A passes the request to its group's leader unless it leads (one leader for the whole group: every key's reads and writes go through one node's log).",
};

function describeAgents(agents: BenchAgents, keys: readonly BenchKey[]): string[] {
  const roleA = [...roleACounts(keys)].map(([node, count]) => `${node} ${count}`).join(', ');
  const started = agents.started.join(', ');
  const keysOn = agents.keyReplicas?.join(', ');
  const placement =
    agents.keyReplicas === null
      ? `all six agents run; keys spread over the group's 24 role placements`
      : agents.started.length > agents.keyReplicas.length
        ? `all six agents run (${started}), since this protocol's quorum is a majority of the whole group; every key's replicas A, B and C are ${keysOn}, as for the other protocols`
        : `only the three agents that replicate the benchmark keys run (${started}): every key's replicas A, B and C are these three, as every etcd member holds every key; the group's other three nodes are not started, and the agents keep redialling them (a small CPU cost)`;
  return [
    `${agents.protocol}: node agents of the embedded 6-node group (3 datacenters × 2 nodes) running ${agents.protocol}, sync=always (every record a Ready persists is fsynced before any message or reply reveals it); ${placement}. Role A per agent: ${roleA}.`,
    `  routing: each request goes straight to its key's role-A agent (the order a PaxosStore client tries). ${routingNote[agents.protocol] ?? ''} No node is down, so a failed request is counted as an error, not retried on role B or C.`,
  ];
}

export function describeSetup(facts: SetupFacts): string {
  const { options, floor, agents, keys, etcdLeader, valueBytes } = facts;
  return [
    `settings: ${options.measureMs / 1000} s measured per cell after a ${options.warmupMs} ms warm-up; ${keys.length.toLocaleString('en-US')} keys, ${valueBytes}-byte values, uniformly random keys; closed loop; the system measured first alternates from cell to cell${options.measureMs < 10_000 ? ' (cells shorter than the 10 s the issue asks for: a smoke run)' : ''}.`,
    `disk floor (write 128 B + fdatasync, ${options.fsyncSamples}× in ${floor.directory}): ${describeFsyncFloor(floor)}.`,
    ...describeAgents(agents, keys),
    `etcd ${etcdVersion()} (${etcdBinary}): 3 members on 127.0.0.1, default flags (fsync on), data in the bench's temp dir.`,
    `  routing: every request goes to the leader (${etcdLeader}); a follower would forward proposals and ReadIndex requests to it. Reads are linearizable (etcd's default). etcd3's default fault handling (up to 3 attempts on recoverable errors) is left on.`,
    `client: one Node process, @grpc/grpc-js ${packageVersion('@grpc/grpc-js')} for both (our generated KvService stubs, unary; etcd3 ${packageVersion('etcd3')}). Both clusters stay up for the whole run; the one not being measured is idle.`,
    `  "pipelined" rows: our agents again, right after each unary pair, through KvService.Pipeline (one stream per agent, each turn's requests in one message); they share the etcd cell of the unary row above them. The preload uses the pipelined client on our side.`,
  ].join('\n');
}

export interface SummaryFacts {
  pairs: readonly CellPair[];
  floor: FsyncFloor;
  /** The same loop again after the cells: the disk is shared too, and its latency drifts. */
  floorAtEnd: FsyncFloor;
  loadAtStart: number[];
  /** Whether to judge issue 16's targets (PaxosKV's); another protocol's figures are only printed. */
  targets: boolean;
  preload: PreloadTimes | null;
  /** The etcd leader when the cells started and when they ended. */
  etcdLeaders: [string, string];
}

function describeLoad(pairs: readonly CellPair[], loadAtStart: number[]): string {
  const cells = [...new Set(pairs.flatMap((pair) => [pair.paxos.cpu, pair.etcd.cpu]))];
  const foreign = cells.map((cpu) => cpu.foreignCores);
  const meanForeign = foreign.reduce((sum, value) => sum + value, 0) / Math.max(1, foreign.length);
  const maxForeign = Math.max(0, ...foreign);
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' ');
  return (
    `machine load: load average ${load(loadAtStart)} at the start, ${load(loadavg())} at the end; ` +
    `processes this bench did not start used ${meanForeign.toFixed(2)} cores on average during the cells ` +
    `(at most ${maxForeign.toFixed(2)} in one) of ${cpus().length}.` +
    (maxForeign > 0.2 * cpus().length
      ? ' The machine was shared: compare the two systems cell by cell, not with other runs.'
      : '')
  );
}

export function printSummary(facts: SummaryFacts): void {
  if (facts.targets) {
    console.log('\ntargets:');
    for (const check of checkTargets(facts.pairs, facts.floor, facts.preload))
      console.log(formatTargetCheck(check));
  } else if (facts.preload) {
    const { paxosSeconds, etcdSeconds, paxosClient } = facts.preload;
    console.log(
      `\npreload: ${paxosClient} ${paxosSeconds.toFixed(1)} s, etcd ${etcdSeconds.toFixed(1)} s (issue 16's targets are PaxosKV's and are not judged here)`,
    );
  }
  console.log(`\n${describeLoad(facts.pairs, facts.loadAtStart)}`);
  console.log(`disk floor again after the cells: ${describeFsyncFloor(facts.floorAtEnd)}.`);
  const [leaderBefore, leaderAfter] = facts.etcdLeaders;
  console.log(
    leaderBefore === leaderAfter
      ? `etcd leader: ${leaderBefore} both before and after the cells (the client's only host).`
      : `etcd leader changed from ${leaderBefore} to ${leaderAfter} during the run: requests after the change were forwarded by ${leaderBefore}.`,
  );
  const errors = errorLines(facts.pairs);
  console.log(
    errors.length === 0
      ? 'errors: no request failed.'
      : `errors:\n${errors.map((line) => `- ${line}`).join('\n')}`,
  );
}
