/**
 * A background workload for demonstrations: puts and gets over a few keys through the nodes that run,
 * at a chosen rate, tallied in the store rather than listed one by one.
 */
import { ContractFailure } from '../../app/contract/errors';
import { kvOperation } from '../../app/kv/operations';
import { workloadRateMax, type WorkloadStatus } from '../store/slices/client-slice';
import type { ConsoleHandle } from './console-handle';
import { callKv } from './kv-operations';

/** The workload writes and reads these keys. */
const workloadKeys = Array.from({ length: 12 }, (_, i) => `demo-${i + 1}`);
const readShare = 0.3;
/** At most this many requests wait for an answer; beyond it the workload skips ticks instead of piling up. */
const outstandingMax = 32;

let timer: ReturnType<typeof setInterval> | null = null;
let outstanding = 0;
let counter = 0;

export function setWorkload(
  consoleHandle: ConsoleHandle,
  patch: Partial<Pick<WorkloadStatus, 'running' | 'ratePerSecond'>>,
) {
  const current = consoleHandle.store.getState().workload;
  const ratePerSecond = Math.min(
    workloadRateMax,
    Math.max(1, Math.round(patch.ratePerSecond ?? current.ratePerSecond)),
  );
  const running = patch.running ?? current.running;
  consoleHandle.store.setState({ workload: { ...current, running, ratePerSecond } });
  if (timer) clearInterval(timer);
  timer = running ? setInterval(() => tick(consoleHandle), 1000 / ratePerSecond) : null;
}

function tick(consoleHandle: ConsoleHandle): void {
  const { processes } = consoleHandle.store.getState();
  const nodes = Object.values(processes).filter(
    (node) => node.process === 'running' || node.process === 'external',
  );
  if (nodes.length === 0 || outstanding >= outstandingMax) return;
  counter += 1;
  const nodeId = nodes[counter % nodes.length]!.id;
  const key = workloadKeys[counter % workloadKeys.length]!;
  const kind = (counter * 7919) % 100 < readShare * 100 ? 'get' : 'put';
  outstanding += 1;
  tally(consoleHandle, { sent: 1 });
  callKv(consoleHandle, nodeId, kvOperation(kind, key, `v${counter}`, 0))
    .then(
      (result) =>
        result.ok
          ? tally(consoleHandle, { succeeded: 1 })
          : tally(consoleHandle, { failedCode: result.code, why: `${nodeId}: ${result.explanation}` }),
      (error: unknown) => {
        const code = error instanceof ContractFailure ? error.error.code : 'INTERNAL';
        tally(consoleHandle, {
          failedCode: code,
          why: error instanceof Error ? error.message : String(error),
        });
      },
    )
    .finally(() => {
      outstanding -= 1;
    });
}

function tally(
  consoleHandle: ConsoleHandle,
  change: { sent?: number; succeeded?: number; failedCode?: string; why?: string },
): void {
  consoleHandle.store.setState(({ workload }) => ({
    workload: {
      ...workload,
      sent: workload.sent + (change.sent ?? 0),
      succeeded: workload.succeeded + (change.succeeded ?? 0),
      failed: change.failedCode
        ? { ...workload.failed, [change.failedCode]: (workload.failed[change.failedCode] ?? 0) + 1 }
        : workload.failed,
      lastFailure: change.why ?? workload.lastFailure,
    },
  }));
}
