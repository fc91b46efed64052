/** The bench's tables as Markdown, so a run's output pastes straight into a report or an issue. */
import { errorCount, fastPathShare, pairLabel, type CellPair, type SystemCell } from './bench-results';
import { formatMs, type LatencySummary } from './latency';

const throughputHeader =
  '| workload | in flight | paxos ops/s | etcd ops/s | paxos/etcd | paxos p50 / p99 ms | etcd p50 / p99 ms | paxos writes on fast path | errors paxos / etcd |';
const throughputRule = '|---|--:|--:|--:|--:|--:|--:|--:|--:|';

const detailHeader =
  '| workload | in flight | paxos read / write p50 ms | etcd read / write p50 ms | agent counters: fast-path chosen / rounds started | cores paxos: client + agents | cores etcd: client + members | server CPU ms per op: agents / etcd | idle cores: agents / etcd | foreign cores (paxos / etcd) |';
const detailRule = '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|';

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
    `${(etcd.cpu.groupCores.agents ?? 0).toFixed(2)} / ${(paxos.cpu.groupCores.etcd ?? 0).toFixed(2)}`,
    `${paxos.cpu.foreignCores.toFixed(2)} / ${etcd.cpu.foreignCores.toFixed(2)}`,
  ];
  return `| ${cells.join(' | ')} |`;
}

export function throughputTable(pairs: readonly CellPair[]): string {
  return [throughputHeader, throughputRule, ...pairs.map(throughputRow)].join('\n');
}

export function detailTable(pairs: readonly CellPair[]): string {
  return [detailHeader, detailRule, ...pairs.map(detailRow)].join('\n');
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
