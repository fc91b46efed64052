/**
 * Runs every cell of the table: each workload at 1, 16 and 64 in flight, on both systems back to back
 * (then on our agents again through the pipelined client, when there is one), with the CPU of each process group (and of everyone else) sampled at the start and the end of each
 * measured window. The system that goes first alternates from cell to cell, so a slow drift in
 * background load does not always fall on the same one.
 */
import type { NodeCounters } from '../../app/paxos/types';
import { countersDelta } from './agent-cluster';
import type { CellPair, SystemCell } from './bench-results';
import { runCell, workloads, type CellSettings, type Workload } from './closed-loop';
import { cpuUseBetween, sampleCpu, type CpuSample, type CpuUse, type ProcessGroups } from './cpu-accounting';
import type { StoreClient } from './store-client';

export const concurrencies = [1, 16, 64] as const;

export interface CellRunnerContext {
  paxos: StoreClient;
  /** Our agents through KvService.Pipeline, measured right after each unary pair when given. */
  pipelined?: StoreClient;
  etcd: StoreClient;
  /** Our agents' PaxosKV counters summed (GetStatus on each agent); absent for another protocol. */
  agentCounters?(): Promise<NodeCounters>;
  groups: ProcessGroups;
  /** Each agent as its own group, to see how the agents' CPU splits (a leader's hot node). */
  agentGroups?: ProcessGroups;
  settings: Omit<CellSettings, 'concurrency'>;
  /** Called with each finished cell, for printing as the run goes. */
  onCell(pair: CellPair): void;
  /** Called when the agents' counters cannot be read; the cell then goes on without them. */
  onCountersFailed(error: Error): void;
}

/** The counters are a cross-check of the reply paths, so a failed GetStatus costs the column, not the run. */
async function countersOrNull(context: CellRunnerContext): Promise<NodeCounters | null> {
  if (!context.agentCounters) return null;
  try {
    return await context.agentCounters();
  } catch (error) {
    context.onCountersFailed(error as Error);
    return null;
  }
}

/** Samples CPU when the measured window opens and closes (timers from now); finish() gives the use. */
export function sampleWindow(groups: ProcessGroups, fromMs: number, toMs: number): { finish(): CpuUse } {
  let opened: CpuSample | null = null;
  let closed: CpuSample | null = null;
  const openTimer = setTimeout(() => (opened = sampleCpu(groups)), fromMs);
  const closeTimer = setTimeout(() => (closed = sampleCpu(groups)), toMs);
  return {
    finish() {
      clearTimeout(openTimer);
      clearTimeout(closeTimer);
      // A cell that stopped early (too many errors) may end before either timer fired.
      const end = closed ?? sampleCpu(groups);
      return cpuUseBetween(opened ?? end, end);
    },
  };
}

async function measureSystem(
  context: CellRunnerContext,
  client: StoreClient,
  workload: Workload,
  concurrency: number,
): Promise<SystemCell> {
  const isPaxos = client !== context.etcd;
  const countersBefore = isPaxos ? await countersOrNull(context) : null;
  const { warmupMs, measureMs } = context.settings;
  const window = sampleWindow(context.groups, warmupMs, warmupMs + measureMs);
  const perAgent =
    isPaxos && context.agentGroups ? sampleWindow(context.agentGroups, warmupMs, warmupMs + measureMs) : null;
  const result = await runCell(client, workload, { ...context.settings, concurrency });
  const cpu = window.finish();
  const agentCores = perAgent ? perAgent.finish().groupCores : null;
  const countersAfter = countersBefore ? await countersOrNull(context) : null;
  const counters = countersBefore && countersAfter ? countersDelta(countersBefore, countersAfter) : null;
  return { result, cpu, counters, agentCores };
}

export async function runAllCells(context: CellRunnerContext): Promise<CellPair[]> {
  const pairs: CellPair[] = [];
  for (const workload of workloads) {
    for (const concurrency of concurrencies) {
      const order =
        pairs.filter((done) => done.client === 'unary').length % 2 === 0
          ? (['paxos', 'etcd'] as const)
          : (['etcd', 'paxos'] as const);
      const cells: Partial<Record<'paxos' | 'etcd', SystemCell>> = {};
      for (const system of order) {
        cells[system] = await measureSystem(context, context[system], workload, concurrency);
      }
      const pair: CellPair = {
        workload,
        concurrency,
        client: 'unary',
        paxos: cells.paxos!,
        etcd: cells.etcd!,
      };
      pairs.push(pair);
      context.onCell(pair);
      if (context.pipelined) {
        const paxos = await measureSystem(context, context.pipelined, workload, concurrency);
        const piped: CellPair = { ...pair, client: 'pipelined', paxos };
        pairs.push(piped);
        context.onCell(piped);
      }
    }
  }
  return pairs;
}
