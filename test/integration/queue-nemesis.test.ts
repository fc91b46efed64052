/**
 * A queue on six real agents under the harness's nemesis (kill -9 and restart, datacenter partitions):
 * 8 clients push and pop for 30 s through the client library (node-agent/kit/structures), each
 * operation retried with its own request id after giving up, as the kv command line's --request-id
 * does. After the faults are healed the queue is drained, and the queue check (app/checker/
 * queue-check.ts) compares what the clients saw with the queue's segments read back: every pushed
 * element popped at most once, none lost (pushed = popped ∪ remaining, no duplicates), FIFO in real
 * time, no false "empty". The file takes about a minute: 30 s of workload, the cluster's start, the
 * drain and the stop.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkQueue } from '../../app/checker/queue-check';
import { decodeSegment, type QueueItem } from '../../app/kv/structures/queue';
import type { StructureAnswer, StructureRecord } from '../../app/kv/structures/structure-client';
import { queueSegmentKey } from '../../app/kv/structures/structure-keys';
import { startHarnessCluster, type HarnessCluster } from '../../main/harness/harness-cluster';
import { HistoryRecorder } from '../../main/harness/history-recorder';
import { NemesisRunner } from '../../main/harness/nemesis-runner';
import { planNemesis } from '../../main/harness/nemesis-schedule';
import { opTagOf, StructureGaveUpError } from '../../node-agent/kit/structures/cas-loop';
import { clusterPort } from '../../node-agent/kit/structures/kv-port';
import { KvQueue } from '../../node-agent/kit/structures/kv-queue';
import { structureLimits } from '../../node-agent/kit/structures/structure-options';

const workloadMs = 30_000;
const clients = 8;
const queueName = 'nemesis-jobs';
/** Small segments, so the run walks and seals several. */
const segmentBytes = 4096;
/** After the workload, how long an operation in doubt keeps retrying before it is left unknown. */
const resolveMs = 8_000;

let harness: HarnessCluster;
beforeAll(async () => {
  harness = await startHarnessCluster();
}, 60_000);
afterAll(async () => harness?.close(), 30_000);

function queue(): KvQueue {
  return new KvQueue(clusterPort(harness.kv), queueName, structureLimits(harness.topology, segmentBytes));
}

interface Tally {
  gaveUp: number;
  /** Attempts that failed inside the library (conflicts, failed reads, writes in doubt) and were retried. */
  failedAttempts: number;
}

/**
 * One logical operation: attempts under one request id until it answers, or it is still failing at
 * `untilMs` (outcome unknown when any attempt may have applied, fail when none can have).
 */
async function operation(
  recorder: HistoryRecorder,
  record: Omit<StructureRecord, 'tag' | 'callMs' | 'returnMs' | 'outcome'>,
  attempt: (requestId: string) => Promise<{ answer: StructureAnswer; attempts: number }>,
  untilMs: number,
  tally: Tally,
): Promise<StructureRecord> {
  const base = { ...record, tag: opTagOf(record.id), callMs: recorder.now() };
  let inDoubt = false;
  for (;;) {
    try {
      const { answer, attempts } = await attempt(record.id);
      tally.failedAttempts += attempts;
      return { ...base, returnMs: recorder.now(), outcome: 'ok', answer };
    } catch (error) {
      if (!(error instanceof StructureGaveUpError)) throw error;
      tally.gaveUp += 1;
      inDoubt ||= error.inDoubt;
      if (recorder.now() >= untilMs) {
        return { ...base, returnMs: inDoubt ? null : recorder.now(), outcome: inDoubt ? 'unknown' : 'fail' };
      }
      await sleep(50);
    }
  }
}

async function readSegments(): Promise<QueueItem[]> {
  const port = clusterPort(harness.kv);
  const items: QueueItem[] = [];
  for (let n = 0; ; n += 1) {
    const key = queueSegmentKey(queueName, n);
    const state = await port.read(key);
    if (state.value === null) return items;
    items.push(...decodeSegment(key, n, state.value).items);
  }
}

describe('a queue under kill -9 and partitions', () => {
  it('pops every pushed element at most once and loses none, 8 clients for 30 s', async () => {
    const recorder = new HistoryRecorder();
    const plan = planNemesis({
      seed: 18,
      durationMs: workloadMs,
      kinds: ['kill', 'partition'],
      nodes: harness.nodes,
      warmupMs: 1500,
      tailMs: 2500,
    });
    const runner = new NemesisRunner(harness.nemesis, recorder);
    const records: StructureRecord[] = [];
    const tally: Tally = { gaveUp: 0, failedAttempts: 0 };
    const stopMs = workloadMs;
    const client = async (c: number) => {
      const q = queue();
      for (let i = 0; recorder.now() < stopMs; i += 1) {
        const id = `qn-${c}-${i}`;
        const until = stopMs + resolveMs;
        if ((c + i) % 2 === 0) {
          const element = `${c}:${i}`;
          const op = { kind: 'push' as const, queue: queueName, element };
          const push = async (requestId: string) => {
            const { run } = await q.push(element, { requestId });
            return { answer: 'pushed', attempts: run.attempts };
          };
          records.push(await operation(recorder, { id, op }, push, until, tally));
        } else {
          const op = { kind: 'pop' as const, queue: queueName };
          const pop = async (requestId: string) => {
            const { result, run } = await q.pop({ requestId });
            return { answer: result?.value ?? null, attempts: run.attempts };
          };
          records.push(await operation(recorder, { id, op }, pop, until, tally));
        }
      }
    };
    try {
      await Promise.all([runner.run(plan), ...Array.from({ length: clients }, (_, c) => client(c))]);
    } finally {
      await runner.healAll();
    }
    // Drain: pop until empty, each pop recorded like the others.
    for (let i = 0; ; i += 1) {
      const id = `qn-drain-${i}`;
      const pop = async (requestId: string) => {
        const { result } = await queue().pop({ requestId });
        return { answer: result?.value ?? null, attempts: 0 };
      };
      const op = { kind: 'pop' as const, queue: queueName };
      const drained = await operation(recorder, { id, op }, pop, recorder.now() + 20_000, tally);
      records.push(drained);
      if (drained.outcome !== 'ok') throw new Error(`the drain's pop ${id} did not answer`);
      if (drained.answer === null) break;
    }
    const items = await readSegments();

    const problems = checkQueue(records, items);
    const pushes = records.filter((r) => r.op.kind === 'push');
    const popped = records.filter((r) => r.op.kind === 'pop' && typeof r.answer === 'string');
    const summary = [
      `${records.length} operations: ${pushes.length} pushes (${pushes.filter((r) => r.outcome === 'ok').length} ok),`,
      `${popped.length} elements popped, ${records.filter((r) => r.outcome === 'unknown').length} in doubt,`,
      `${tally.gaveUp} give-ups retried, ${tally.failedAttempts} failed attempts retried inside the library; ${items.length} items in the segments;`,
      `faults: ${recorder.faults.map((f) => `${f.fault.kind}${f.error ? ` (${f.error})` : ''}`).join(', ')}`,
    ].join(' ');
    console.log(`queue-nemesis: ${summary}`);
    expect(problems, summary).toEqual([]);
    // Drained: nothing left, so pushed = popped, and each element popped by one pop.
    expect(
      items.every((item) => item.out !== undefined),
      summary,
    ).toBe(true);
    expect(new Set(items.map((item) => item.value)).size).toBe(items.length);
    expect(new Set(popped.map((r) => r.answer)).size).toBe(popped.length);
    // The faults ran, and the run did work under them.
    expect(new Set(recorder.faults.map((record) => record.fault.kind))).toEqual(
      new Set(['kill', 'partition']),
    );
    expect(pushes.filter((r) => r.outcome === 'ok').length, summary).toBeGreaterThanOrEqual(40);
  }, 150_000);
});
