/**
 * bench:store's queue rows (issue 18): pushes and pops at 1 and 64 in flight on one queue, through our
 * client library (node-agent/kit/structures: read the segment, evaluate, compare-and-set at the version
 * read, retry on a conflict) beside etcd's own pattern for a queue, a compare-and-set loop on one key
 * through etcd's Txn: get the key and its mod_revision, compute the new JSON array, put it only
 * `If(mod_revision == the one read)`, and on a failed compare read again. Both loops back off the same
 * way (full jitter, 4 ms doubling to 250 ms) and count the attempts that failed.
 *
 * The two are not the same queue: ours keeps every element with its push and pop tags (exactly-once
 * retries, docs/data-structures.md) in 64 KiB segments, etcd's array drops what is popped and has no
 * request ids, so a retried etcd pop whose reply was lost would take a second element.
 */
import { randomBytes } from 'node:crypto';
import { Etcd3 } from 'etcd3';
import type { Topology } from '../../app/model/topology';
import { ClusterKvClient, clusterPort, KvQueue, structureLimits } from '../../node-agent';
import { formatMs, summarizeLatencies, type LatencySummary } from './latency';

export interface QueueSystem {
  readonly system: string;
  /** Resolves the attempts that failed (conflicts, failed reads) before it applied. */
  push(element: string): Promise<number>;
  pop(): Promise<{ element: string | null; failedAttempts: number }>;
  close(): void;
}

const attemptTimeoutMs = 10_000;

export class PaxosQueueSystem implements QueueSystem {
  readonly system: string;
  private readonly client: ClusterKvClient;
  private readonly queue: KvQueue;

  constructor(topology: Topology, name: string, protocol: string) {
    this.system = protocol;
    this.client = new ClusterKvClient(topology, { attemptTimeoutMs });
    this.queue = new KvQueue(clusterPort(this.client), name, structureLimits(topology));
  }

  async push(element: string): Promise<number> {
    return (await this.queue.push(element)).run.attempts;
  }

  async pop(): Promise<{ element: string | null; failedAttempts: number }> {
    const { result, run } = await this.queue.pop();
    return { element: result?.value ?? null, failedAttempts: run.attempts };
  }

  close(): void {
    this.client.close();
  }
}

/** As many attempts as the client library allows (attemptsDefault). */
const etcdAttemptsMax = 16;

export class EtcdQueueSystem implements QueueSystem {
  readonly system = 'etcd';
  private readonly client: Etcd3;

  constructor(
    leaderClientUrl: string,
    private readonly key: string,
  ) {
    this.client = new Etcd3({ hosts: leaderClientUrl });
  }

  async push(element: string): Promise<number> {
    return (await this.update((items) => ({ items: [...items, element], answer: null }))).failedAttempts;
  }

  async pop(): Promise<{ element: string | null; failedAttempts: number }> {
    const { answer, failedAttempts } = await this.update((items) =>
      items.length === 0 ? null : { items: items.slice(1), answer: items[0]! },
    );
    return { element: answer, failedAttempts };
  }

  /** The CAS loop; `change` returns null when there is nothing to write (an empty queue's pop). */
  private async update(
    change: (items: string[]) => { items: string[]; answer: string | null } | null,
  ): Promise<{ answer: string | null; failedAttempts: number }> {
    for (let failed = 0; failed < etcdAttemptsMax; failed += 1) {
      const read = await this.client.get(this.key).exec();
      const kv = read.kvs[0];
      const items = kv ? (JSON.parse(kv.value.toString()) as string[]) : [];
      const next = change(items);
      if (next === null) return { answer: null, failedAttempts: failed };
      const written = await this.client
        .if(this.key, 'Mod', '==', kv ? Number(kv.mod_revision) : 0)
        .then(this.client.put(this.key).value(JSON.stringify(next.items)))
        .commit();
      if (written.succeeded) return { answer: next.answer, failedAttempts: failed };
      await backoff(failed);
    }
    throw new Error(`etcd queue: gave up after ${etcdAttemptsMax} failed compare-and-sets`);
  }

  close(): void {
    this.client.close();
  }
}

/** Full jitter, 4 ms doubling to 250 ms, as node-agent/kit/structures/cas-loop.ts waits. */
function backoff(failed: number): Promise<void> {
  const capMs = Math.min(250, 4 * 2 ** failed);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * capMs));
}

export type QueueOp = 'push' | 'pop';

export interface QueueCell {
  system: string;
  op: QueueOp;
  concurrency: number;
  opsPerSecond: number;
  latency: LatencySummary;
  /** Failed attempts (conflicts, failed reads) per counted operation. */
  retriesPerOp: number;
  /**
   * Pops: seconds into the measured window when a pop first found the queue empty, which ends the
   * cell (only pops that took an element count); null when it lasted the whole window.
   */
  ranOutAfterS: number | null;
  /** The seconds the rate is over. */
  measuredSeconds: number;
  errors: number;
  firstError: string | null;
}

export interface QueueCellSettings {
  warmupMs: number;
  measureMs: number;
  elementBytes: number;
}

/**
 * A closed loop of `concurrency` workers doing `op` on the system's one queue. A pop cell pops what
 * the push cells left and ends when a pop finds the queue empty: its rate is over the time it lasted.
 */
export async function runQueueCell(
  queue: QueueSystem,
  op: QueueOp,
  concurrency: number,
  settings: QueueCellSettings,
): Promise<QueueCell> {
  const samples: { doneMs: number; ms: number; failedAttempts: number }[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let ranOutMs: number | null = null;
  const measureFromMs = performance.now() + settings.warmupMs;
  const endMs = measureFromMs + settings.measureMs;
  const worker = async (): Promise<void> => {
    while (performance.now() < endMs && ranOutMs === null && errors < 1000) {
      const beganMs = performance.now();
      try {
        const element = randomBytes(settings.elementBytes / 2).toString('hex');
        const outcome =
          op === 'push' ? { failedAttempts: await queue.push(element), element } : await queue.pop();
        const doneMs = performance.now();
        if (outcome.element === null) ranOutMs ??= doneMs;
        else if (beganMs >= measureFromMs && doneMs <= endMs) {
          samples.push({ doneMs, ms: doneMs - beganMs, failedAttempts: outcome.failedAttempts });
        }
      } catch (error) {
        errors += 1;
        firstError ??= (error as Error).message.slice(0, 160);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  const windowEndMs = Math.min(endMs, ranOutMs ?? endMs);
  const counted = samples.filter((sample) => sample.doneMs <= windowEndMs);
  const measuredSeconds = Math.max(0, windowEndMs - measureFromMs) / 1000;
  const retries = counted.reduce((sum, sample) => sum + sample.failedAttempts, 0);
  return {
    system: queue.system,
    op,
    concurrency,
    opsPerSecond: measuredSeconds > 0 ? counted.length / measuredSeconds : Number.NaN,
    latency: summarizeLatencies(counted.map((sample) => sample.ms)),
    retriesPerOp: counted.length > 0 ? retries / counted.length : Number.NaN,
    ranOutAfterS: ranOutMs === null ? null : Math.max(0, ranOutMs - measureFromMs) / 1000,
    measuredSeconds,
    errors,
    firstError,
  };
}

/**
 * Pushes at 1 and 64 in flight, then pops at 1 and 64 of what they pushed; each cell on our queue and
 * then on etcd's.
 */
export async function runQueueRows(
  systems: readonly QueueSystem[],
  settings: QueueCellSettings,
  onCell: (cell: QueueCell) => void,
): Promise<QueueCell[]> {
  const cells: QueueCell[] = [];
  for (const op of ['push', 'pop'] as const) {
    for (const concurrency of [1, 64]) {
      for (const system of systems) {
        const cell = await runQueueCell(system, op, concurrency, settings);
        cells.push(cell);
        onCell(cell);
      }
    }
  }
  return cells;
}

export const queueTableHeader = [
  '| queue op | in flight | system | ops/s | p50 / p99 ms | failed attempts per op | measured s | errors |',
  '| -------- | --------: | ------ | ----: | -----------: | ---------------------: | ---------: | -----: |',
].join('\n');

export function queueRow(cell: QueueCell): string {
  const cells = [
    cell.op,
    String(cell.concurrency),
    cell.system,
    Number.isNaN(cell.opsPerSecond) ? '—' : cell.opsPerSecond.toFixed(1),
    `${formatMs(cell.latency.p50Ms)} / ${formatMs(cell.latency.p99Ms)}`,
    Number.isNaN(cell.retriesPerOp) ? '—' : cell.retriesPerOp.toFixed(2),
    `${cell.measuredSeconds.toFixed(1)}${cell.ranOutAfterS === null ? '' : ' (ran out)'}`,
    cell.errors === 0 ? '0' : `${cell.errors} (${cell.firstError ?? ''})`,
  ];
  return `| ${cells.join(' | ')} |`;
}
