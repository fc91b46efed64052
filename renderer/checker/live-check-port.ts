/**
 * Where the live check runs: a Web Worker in the console (Vite bundles it), or the same LiveChecker
 * in-process for tests. Either way the renderer posts operations and horizons and hears verdicts.
 */
import type { FromLiveCheck, ToLiveCheck } from './live-check-protocol';
import { LiveChecker } from './live-checker';

export interface LiveCheckPort {
  post(message: ToLiveCheck): void;
  onVerdicts(listener: (message: FromLiveCheck) => void): void;
  close(): void;
}

/**
 * The live check in a Web Worker. Where no worker can start, the panel goes without live verdicts
 * (keys stay pending until main's final check) rather than checking on the UI thread.
 */
export function workerLiveCheck(): LiveCheckPort {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./live-check.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return { post: () => undefined, onVerdicts: () => undefined, close: () => undefined };
  }
  return {
    post: (message) => worker.postMessage(message),
    onVerdicts: (listener) => {
      worker.onmessage = (event: MessageEvent<FromLiveCheck>) => listener(event.data);
    },
    close: () => worker.terminate(),
  };
}

/** The same checks on the calling thread, each message answered at once; for tests and tools. */
export function inProcessLiveCheck(now: () => number = () => performance.now()): LiveCheckPort {
  let checker = new LiveChecker();
  let runId: string | null = null;
  let listener: ((message: FromLiveCheck) => void) | null = null;
  return {
    post: (message) => {
      if (message.type === 'reset') {
        checker = new LiveChecker();
        runId = message.runId;
      } else if (message.type === 'operations') checker.add(message.operations);
      else checker.setHorizon(message.horizonMs);
      const verdicts = [];
      while (checker.hasWork()) {
        const verdict = checker.checkNext(now, 10_000);
        if (verdict) verdicts.push(verdict);
      }
      if (verdicts.length > 0) listener?.({ type: 'verdicts', runId, verdicts });
    },
    onVerdicts: (next) => {
      listener = next;
    },
    close: () => {
      listener = null;
    },
  };
}
