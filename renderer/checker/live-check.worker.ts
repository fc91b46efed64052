/**
 * The live check, off the UI thread: operations arrive as the run streams them, and keys whose part
 * of the history changed are rechecked one at a time, yielding between keys so new messages (and a
 * reset) are handled promptly. Verdicts go back in batches.
 */
import type { FromLiveCheck, ToLiveCheck } from './live-check-protocol';
import { LiveChecker, type LiveKeyVerdict } from './live-checker';

/** One key's search may take this long before it reports `unknown` (and is tried again later). */
const keyBudgetMs = 2000;
/** Verdicts found within this long leave together. */
const postEveryMs = 100;

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ToLiveCheck>) => void) | null;
  postMessage(message: FromLiveCheck): void;
};

let checker = new LiveChecker();
let runId: string | null = null;
let scheduled = false;

scope.onmessage = (event) => {
  const message = event.data;
  switch (message.type) {
    case 'reset':
      checker = new LiveChecker();
      runId = message.runId;
      break;
    case 'operations':
      checker.add(message.operations);
      break;
    case 'horizon':
      checker.setHorizon(message.horizonMs);
      break;
  }
  schedule();
};

function schedule(): void {
  if (scheduled || !checker.hasWork()) return;
  scheduled = true;
  setTimeout(work, 0);
}

/** Checks keys until the post interval is up, posts what it found, and yields. */
function work(): void {
  scheduled = false;
  const verdicts: LiveKeyVerdict[] = [];
  const untilMs = performance.now() + postEveryMs;
  while (checker.hasWork() && performance.now() < untilMs) {
    const verdict = checker.checkNext(() => performance.now(), keyBudgetMs);
    if (verdict) verdicts.push(verdict);
  }
  if (verdicts.length > 0) scope.postMessage({ type: 'verdicts', runId, verdicts });
  schedule();
}
