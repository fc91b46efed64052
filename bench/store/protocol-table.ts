/**
 * With several protocols in one run: one table with a row per cell and, per protocol, its ops/s, its
 * ratio to etcd measured beside it in that cell, its p50 and how its agents' CPU split. Each
 * protocol's own tables (report-table.ts) carry the rest.
 */
import { pairLabel, type CellPair } from './bench-results';
import { formatMs } from './latency';
import { busiestAgentOf, formatPercent, serverCpuMsPerOp } from './report-table';

/** One protocol's cells, or why it did not run. */
export type ProtocolRun =
  { protocol: string; pairs: readonly CellPair[] } | { protocol: string; error: string };

function ratio(pair: CellPair): string {
  const theirs = pair.etcd.result.opsPerSecond;
  return theirs > 0 ? `${(pair.paxos.result.opsPerSecond / theirs).toFixed(2)}×` : '—';
}

function protocolCell(pair: CellPair | undefined): string {
  if (!pair) return '—';
  const ops = Math.round(pair.paxos.result.opsPerSecond).toLocaleString('en-US');
  const cpu = serverCpuMsPerOp(pair.paxos, 'agents');
  const cpuText = Number.isNaN(cpu) ? '—' : cpu.toFixed(2);
  return `${ops} (${ratio(pair)}) · p50 ${formatMs(pair.paxos.result.all.p50Ms)} · ${cpuText} ms CPU/op · busiest ${formatPercent(busiestAgentOf(pair.paxos)?.share ?? Number.NaN)}`;
}

const sameCell = (a: CellPair, b: CellPair) =>
  a.workload.name === b.workload.name && a.concurrency === b.concurrency && a.client === b.client;

/**
 * Rows in the first protocol's cell order; each protocol column reads "ops/s (× etcd) · p50 ms · agents'
 * CPU ms per op · busiest agent's share of the agents' CPU"; the last column is the range of etcd's
 * ops/s over the protocols' runs (etcd was measured again beside each).
 */
export function protocolComparisonTable(runs: readonly ProtocolRun[]): string {
  const ran = runs.filter(
    (run): run is Extract<ProtocolRun, { pairs: readonly CellPair[] }> => 'pairs' in run,
  );
  const header = `| workload | in flight | ${ran.map((run) => run.protocol).join(' | ')} | etcd ops/s beside them |`;
  const rule = `|---|--:|${ran.map(() => '--:|').join('')}--:|`;
  const cells = ran[0]?.pairs ?? [];
  const rows = cells.map((cell) => {
    const matches = ran.map((run) => run.pairs.find((pair) => sameCell(pair, cell)));
    const etcd = matches.flatMap((pair) => (pair ? [Math.round(pair.etcd.result.opsPerSecond)] : []));
    const etcdRange =
      Math.min(...etcd) === Math.max(...etcd)
        ? `${etcd[0]}`
        : `${Math.min(...etcd).toLocaleString('en-US')}–${Math.max(...etcd).toLocaleString('en-US')}`;
    return `| ${pairLabel(cell)} | ${cell.concurrency} | ${matches.map(protocolCell).join(' | ')} | ${etcdRange} |`;
  });
  const failed = runs.flatMap((run) => ('error' in run ? [`${run.protocol}: ${run.error}`] : []));
  return [header, rule, ...rows, ...failed].join('\n');
}
