/** The bench's tables as Markdown, so a run's output pastes straight into a report or an issue. */
import { errorCount, fastPathShare, pairLabel, type CellPair, type SystemCell } from './bench-results';
import { formatMs, type LatencySummary } from './latency';

/** `ours` names our side in the headers: the protocol the agents run. */
const throughputHeader = (ours: string) =>
  `| workload | in flight | ${ours} ops/s | etcd ops/s | ${ours}/etcd | ${ours} p50 / p99 ms | etcd p50 / p99 ms | ${ours} writes on fast path | errors ${ours} / etcd |`;
const throughputRule = '|---|--:|--:|--:|--:|--:|--:|--:|--:|';

const detailHeader = (ours: string) =>
  `| workload | in flight | ${ours} read / write p50 ms | etcd read / write p50 ms | agent counters: fast-path chosen / rounds started | cores ${ours}: client + agents | cores etcd: client + members | server CPU ms per op: agents / etcd | busiest agent: cores (share of agents') | idle cores: agents / etcd | foreign cores (${ours} / etcd) |`;
const detailRule = '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|';

export function formatPercent(fraction: number): string {
  return Number.isNaN(fraction) ? '—' : `${(fraction * 100).toFixed(1)} %`;
}

function latencyPair(summary: LatencySummary): string {
  return `${formatMs(summary.p50Ms)} / ${formatMs(summary.p99Ms)}`;
}

export function throughputRow(pair: CellPair): string {
  const { paxos, etcd } = pair;
  const ratio =
    etcd.result.opsPerSecond > 0 ? paxos.result.opsPerSecond / etcd.result.opsPerSecond : Number.NaN;
  const cells = [
    pairLabel(pair),
    String(pair.concurrency),
    Math.round(paxos.result.opsPerSecond).toLocaleString('en-US'),
    Math.round(etcd.result.opsPerSecond).toLocaleString('en-US'),
    Number.isNaN(ratio) ? '—' : `${ratio.toFixed(2)}×`,
    latencyPair(paxos.result.all),
    latencyPair(etcd.result.all),
    formatPercent(fastPathShare(paxos.result)),
    `${errorCount(paxos.result)} / ${errorCount(etcd.result)}`,
  ];
  return `| ${cells.join(' | ')} |`;
}

function cores(cell: SystemCell, serverGroup: string): string {
  const client = cell.cpu.groupCores.client ?? 0;
  const server = cell.cpu.groupCores[serverGroup] ?? 0;
  return `${client.toFixed(2)} + ${server.toFixed(2)}`;
}

/** CPU milliseconds the servers spent per counted request: what a saturated machine divides up. */
export function serverCpuMsPerOp(cell: SystemCell, serverGroup: string): number {
  const server = cell.cpu.groupCores[serverGroup] ?? 0;
  return cell.result.opsPerSecond > 0 ? (server * 1000) / cell.result.opsPerSecond : Number.NaN;
}

function serverMsPerOp(cell: SystemCell, serverGroup: string): string {
  const ms = serverCpuMsPerOp(cell, serverGroup);
  return Number.isNaN(ms) ? '—' : ms.toFixed(2);
}

export function detailRow(pair: CellPair): string {
  const { paxos, etcd } = pair;
  const counters = paxos.counters;
  const rounds = counters ? `${counters.fastPathHits} / ${counters.proposals}` : '—';
  const cells = [
    pairLabel(pair),
    String(pair.concurrency),
    `${formatMs(paxos.result.reads.p50Ms)} / ${formatMs(paxos.result.writes.p50Ms)}`,
    `${formatMs(etcd.result.reads.p50Ms)} / ${formatMs(etcd.result.writes.p50Ms)}`,
    rounds,
    cores(paxos, 'agents'),
    cores(etcd, 'etcd'),
    `${serverMsPerOp(paxos, 'agents')} / ${serverMsPerOp(etcd, 'etcd')}`,
    busiestAgent(paxos),
    `${(etcd.cpu.groupCores.agents ?? 0).toFixed(2)} / ${(paxos.cpu.groupCores.etcd ?? 0).toFixed(2)}`,
    `${paxos.cpu.foreignCores.toFixed(2)} / ${etcd.cpu.foreignCores.toFixed(2)}`,
  ];
  return `| ${cells.join(' | ')} |`;
}

/**
 * The agent that used the most CPU in the cell, its cores and its share of all the agents' CPU: about
 * a third when the work spreads over three agents, more when one node does most of it (a leader).
 * Null when the agents were not sampled one by one.
 */
export function busiestAgentOf(cell: SystemCell): { node: string; cores: number; share: number } | null {
  const entries = Object.entries(cell.agentCores ?? {});
  const total = entries.reduce((sum, [, cores]) => sum + cores, 0);
  if (entries.length === 0 || total <= 0) return null;
  const [node, cores] = entries.reduce((best, entry) => (entry[1] > best[1] ? entry : best));
  return { node, cores, share: cores / total };
}

function busiestAgent(cell: SystemCell): string {
  const busiest = busiestAgentOf(cell);
  return busiest ? `${busiest.node} ${busiest.cores.toFixed(2)} (${formatPercent(busiest.share)})` : '—';
}

export function throughputTable(pairs: readonly CellPair[], ours = 'paxos'): string {
  return [throughputHeader(ours), throughputRule, ...pairs.map(throughputRow)].join('\n');
}

export function detailTable(pairs: readonly CellPair[], ours = 'paxos'): string {
  return [detailHeader(ours), detailRule, ...pairs.map(detailRow)].join('\n');
}

/** Every distinct error message of the run, per system, with counts; empty when nothing failed. */
export function errorLines(pairs: readonly CellPair[]): string[] {
  const lines: string[] = [];
  for (const pair of pairs) {
    // A pipelined pair's etcd cell is the unary pair's, already listed.
    const systems = pair.client === 'unary' ? (['paxos', 'etcd'] as const) : (['paxos'] as const);
    for (const system of systems) {
      for (const [message, count] of pair[system].result.errors) {
        lines.push(`${system} ${pairLabel(pair)} @${pair.concurrency}: ${count}× ${message}`);
      }
    }
  }
  return lines;
}
