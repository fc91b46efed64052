/**
 * The Checker panel as React draws it, on a non-linearizable history checked by the real live check:
 * the key reads violation, the unplaceable read gets its red button on the timeline, and clicking it
 * shows the operation and why it could not be placed. The page is jsdom's, installed by hand so the
 * test keeps Node's own typed arrays (the checker tells bytes by `instanceof Uint8Array`, which fails
 * across jsdom's realm). jsdom has no layout, so a ResizeObserver that reports a fixed width stands
 * in for the browser's, and the canvas stays unpainted.
 */
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import { encodeOperationLine } from '../../../app/checker/history';
import type { CheckerRun } from '../../../app/contract/checker-run';
import { emptySnapshot, type StateChange } from '../../../app/contract/console-state';
import type { ConsoleClient, StateUpdate } from '../../../renderer/client/console-client';
import { connectChecker } from '../../../renderer/checker/connect-checker';
import { inProcessLiveCheck } from '../../../renderer/checker/live-check-port';
import { createConsoleStore } from '../../../renderer/store/store';
import { CheckerPanel } from '../../../renderer/views/checker/CheckerPanel';
import { ConsoleProvider } from '../../../renderer/views/use-console';
import { get, put } from '../checker/history-builders';
import { useJsdomPage } from './jsdom-page';

class FixedWidthResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element): void {
    const entry = { target, contentRect: { width: 900, height: 300 } } as unknown as ResizeObserverEntry;
    this.callback([entry], this as unknown as ResizeObserver);
  }
  disconnect(): void {}
  unobserve(): void {}
}

const page = useJsdomPage({ ResizeObserver: FixedWidthResizeObserver });
const container = () => page.container();

const run: CheckerRun = {
  status: 'running',
  runId: 'run-v',
  settings: {
    clients: 2,
    keys: 1,
    distribution: 'hot',
    rateOpsPerSecond: 10,
    durationMs: 1000,
    nemesis: [],
    readMode: 'paxos',
    seed: 3,
  },
  keys: ['run-v-k0'],
  startedAtMs: 0,
  operations: [],
  faults: [],
  outcome: null,
  error: null,
};

describe('Checker panel view', () => {
  it('shows a violation found by the live check, marks the operation and explains it on click', async () => {
    const store = createConsoleStore();
    const listeners = new Set<(update: StateUpdate) => void>();
    const client = {
      snapshot: () => null,
      subscribe: (listener: (update: StateUpdate) => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    } as unknown as ConsoleClient;
    connectChecker(store, client, inProcessLiveCheck());
    let seq = 0;
    const push = (change: StateChange) => {
      seq += 1;
      const snapshot = { ...emptySnapshot(1), seq };
      for (const listener of listeners) listener({ kind: 'delta', delta: { seq, change }, snapshot });
    };
    const root = createRoot(container());
    await act(async () => {
      root.render(
        <ConsoleProvider consoleHandle={{ store, client }}>
          <CheckerPanel />
        </ConsoleProvider>,
      );
    });
    await act(async () => {
      push({ kind: 'checkerStarted', run });
      const history = [
        put({ id: 'c1-1', client: 'c1', key: 'run-v-k0', at: [0, 100] }, 'a', 1),
        get({ id: 'c2-1', client: 'c2', key: 'run-v-k0', at: [200, 300] }, null, 0),
      ];
      push({ kind: 'checkerProgress', operations: history.map(encodeOperationLine), faults: [] });
      push({ kind: 'checkerStatus', status: 'settling', outcome: null, error: null });
      // The panel redraws on a 250 ms throttle.
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    const row = container().querySelector('.key-verdict[data-key="run-v-k0"]');
    expect(row?.getAttribute('data-verdict')).toBe('violation');
    const marked = container().querySelector<HTMLButtonElement>('.marked-operation[data-mark="blocked"]');
    expect(marked?.getAttribute('data-operation')).toBe('c2-1');
    await act(async () => marked!.click());
    const details = container().querySelector('.operation-details[data-operation="c2-1"]');
    expect(details?.textContent).toContain('c2-1 c2: get → null v0');
    expect(details?.querySelector('.unplaced')?.textContent).toContain(
      'Proved without a search: c2-1 saw version 0, but c1-1 had already left version 1',
    );
    await act(async () => root.unmount());
  });
});
