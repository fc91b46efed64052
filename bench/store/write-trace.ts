/**
 * `npm run bench:write-trace`: where one client's write spends its time. Starts the three agents that
 * replicate the keys (fsync on), sends writes one at a time to each key's role-A agent, then reads every
 * agent's recent events and prints the per-stage breakdown of write-stages.ts (mean, p50, p99).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterEvent } from '../../app/model/cluster-event';
import {
  choiceFlag,
  integerFlag,
  parseFlags,
  UsageError,
  ControlClient,
  newRequestId,
} from '../../node-agent';
import { BenchAgents } from './agent-cluster';
import { chooseBenchKeys, type BenchKey } from './bench-keys';
import { preload } from './closed-loop';
import { formatMs, summarizeLatencies } from './latency';
import { PaxosStoreClient, type PaxosClientKind } from './paxos-store-client';
import { breakDownWrite, summarizeStages, type TracedWrite, type WriteBreakdown } from './write-stages';

const usage = `Usage: npm run bench:write-trace -- [--writes N] [--keys N] [--client unary|pipelined]

  --writes N   sequential writes traced (default 300; 10-1000)
  --keys N     keys written round robin, each preloaded once so role A owns it (default 50; 2-10000)
  --client     unary KvService calls (default) or the KvService.Pipeline stream`;

const valueBytes = 120;

/**
 * A wall clock with sub-millisecond steps, on the same time base as the agents' Date.now() stamps:
 * anchored at the instant Date.now() turns to its next millisecond.
 */
function preciseWallClock(): () => number {
  const start = Date.now();
  let now = start;
  while (now === start) now = Date.now();
  const offsetMs = now - performance.now();
  return () => offsetMs + performance.now();
}

async function traceWrites(
  client: PaxosStoreClient,
  keys: readonly BenchKey[],
  writes: number,
): Promise<TracedWrite[]> {
  const clock = preciseWallClock();
  const traced: TracedWrite[] = [];
  const value = new Uint8Array(valueBytes);
  for (let n = 0; n < writes; n++) {
    const { key, replicas } = keys[n % keys.length]!;
    const sentMs = clock();
    const requestId = newRequestId('trace');
    await client.putWithId(key, value, requestId);
    traced.push({ key, requestId, roleA: replicas[0]!, sentMs, answeredMs: clock() });
  }
  return traced;
}

function printBreakdown(breakdowns: readonly WriteBreakdown[], traced: readonly TracedWrite[]): void {
  const endToEnd = summarizeLatencies(traced.map((write) => write.answeredMs - write.sentMs));
  console.log(
    `${traced.length} writes, ${breakdowns.length} fully traced on the fast path; end to end ` +
      `mean ${formatMs(endToEnd.meanMs)} ms, p50 ${formatMs(endToEnd.p50Ms)} ms, p99 ${formatMs(endToEnd.p99Ms)} ms\n`,
  );
  console.log('| stage | mean ms | p50 ms | p99 ms |\n|---|--:|--:|--:|');
  for (const { stage, summary } of summarizeStages(breakdowns)) {
    console.log(
      `| ${stage} | ${formatMs(summary.meanMs)} | ${formatMs(summary.p50Ms)} | ${formatMs(summary.p99Ms)} |`,
    );
  }
}

/** Time with no new event after which an agent's ring replay is taken to be complete. */
const quietMs = 300;

/**
 * Every event the agents' rings hold, read after the writes so that watching costs the traced writes
 * nothing (the rings keep 16,384 events each, hence the cap on --writes).
 */
async function collectEvents(agents: BenchAgents, watchers: ControlClient[]): Promise<ClusterEvent[]> {
  const events: ClusterEvent[] = [];
  let lastEventMs = performance.now();
  const watches = agents.started.map((nodeId) => {
    const control = new ControlClient(agents.cluster.address(nodeId), null);
    watchers.push(control);
    return control.watch(0, (event) => {
      events.push(event);
      lastEventMs = performance.now();
    });
  });
  while (performance.now() - lastEventMs < quietMs) {
    await new Promise((resolve) => setTimeout(resolve, quietMs / 3));
  }
  watches.forEach((watch) => watch.cancel());
  if (events.some((event) => event.type === 'eventsDropped')) {
    throw new Error('an agent no longer held every traced event: trace fewer writes');
  }
  return events;
}

async function run(writes: number, keyCount: number, clientKind: PaxosClientKind): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'paxoscope-write-trace-'));
  const agents = await BenchAgents.start(root, 3, (line) => console.log(line));
  const keys = chooseBenchKeys(agents.topology, keyCount, agents.keyReplicas);
  const client = new PaxosStoreClient(agents.topology, keys, clientKind);
  console.log(
    `load average ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}; ${clientKind} client`,
  );
  const watchers: ControlClient[] = [];
  try {
    await preload(
      client,
      keys.map(({ key }) => key),
      valueBytes,
      1,
    );
    const traced = await traceWrites(client, keys, writes);
    const events = await collectEvents(agents, watchers);
    const breakdowns = traced.flatMap((write) => breakDownWrite(events, write) ?? []);
    printBreakdown(breakdowns, traced);
  } finally {
    client.close();
    watchers.forEach((control) => control.close());
    await agents.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

function main(): Promise<number> {
  try {
    const { values } = parseFlags(process.argv.slice(2), {
      writes: { switch: false },
      keys: { switch: false },
      client: { switch: false },
      help: { switch: true },
    });
    if (values.help === true) {
      console.log(usage);
      return Promise.resolve(0);
    }
    const writes = integerFlag(values, 'writes', 10, 1000) ?? 300;
    const keys = integerFlag(values, 'keys', 2, 10_000) ?? 50;
    const clientKind = choiceFlag(values, 'client', ['unary', 'pipelined'], 'unary');
    return run(writes, keys, clientKind).then(() => 0);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`bench:write-trace: ${error.message}\n\n${usage}`);
    return Promise.resolve(2);
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`bench:write-trace failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
