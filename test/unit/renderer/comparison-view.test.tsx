/**
 * The Checker panel's comparison mode as React draws it from a snapshot: every registered protocol
 * offered, Compare sending the chosen ones in the registry's order, and a finished comparison drawn as
 * one chart (a line per protocol, the fault band, the legend) and one table with each verdict.
 */
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import type { ComparisonRun, ProtocolRun } from '../../../app/contract/comparison-run';
import { emptySnapshot } from '../../../app/contract/console-state';
import { protocolNames } from '../../../app/protocol/protocol';
import type { ConsoleClient } from '../../../renderer/client/console-client';
import { createConsoleStore } from '../../../renderer/store/store';
import { CheckerPanel } from '../../../renderer/views/checker/CheckerPanel';
import { ConsoleProvider } from '../../../renderer/views/use-console';
import { useJsdomPage } from './jsdom-page';

class FixedSizeResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element): void {
    const entry = { target, contentRect: { width: 800, height: 180 } } as unknown as ResizeObserverEntry;
    this.callback([entry], this as unknown as ResizeObserver);
  }
  disconnect(): void {}
  unobserve(): void {}
}

const page = useJsdomPage({ ResizeObserver: FixedSizeResizeObserver });

const row = { p50Ms: 3, p99Ms: 40, firstAccessFailureRate: 0.01, lostWrites: 0, settled: true };
const protocolRun = (protocol: ProtocolRun['protocol'], answered: number[], rest: object): ProtocolRun => ({
  protocol,
  status: 'done',
  series: { bucketMs: 1000, called: [10, 10, 10, 10], answered },
  row: null,
  outDir: '/tmp/x',
  ...rest,
});

const comparison: ComparisonRun = {
  status: 'done',
  runId: 'compare-7',
  settings: {
    protocols: ['paxoskv', 'quorumkv'],
    nemesis: ['partition'],
    durationMs: 4000,
    seed: 7,
    clients: 8,
    keys: 10,
    rateOpsPerSecond: 100,
  },
  protocols: [
    protocolRun('paxoskv', [10, 9, 10, 10], {
      row: {
        ...row,
        protocol: 'paxoskv',
        operations: 40,
        okPerSecond: 9.75,
        availabilityDuringFaults: 0.9,
        availabilityOutsideFaults: 1,
        verdict: 'ok',
        anomalies: [],
      },
    }),
    protocolRun('quorumkv', [10, 3, 10, 10], {
      row: {
        ...row,
        protocol: 'quorumkv',
        operations: 40,
        okPerSecond: 8.25,
        availabilityDuringFaults: 0.3,
        availabilityOutsideFaults: 1,
        verdict: 'violation',
        anomalies: ['lost-update 2'],
        lostWrites: 3,
      },
    }),
  ],
  faults: [
    {
      id: 'f1',
      kind: 'partition',
      label: 'partition dc1 [n0 n3] | [n1 n4 n2 n5]',
      startMs: 1000,
      endMs: 2000,
    },
  ],
  error: null,
};

describe('comparison view', () => {
  it('offers every protocol, sends the chosen ones, and draws a finished comparison', async () => {
    const store = createConsoleStore();
    const calls: Array<{ name: string; input: unknown }> = [];
    const client = {
      snapshot: () => ({ ...emptySnapshot(1), comparison }),
      subscribe: () => () => undefined,
      call: (name: string, input: unknown) => {
        calls.push({ name, input });
        return Promise.resolve({ runId: 'compare-8', settings: { ...comparison.settings!, seed: 8 } });
      },
    } as unknown as ConsoleClient;
    const root = createRoot(page.container());
    await act(async () => {
      root.render(
        <ConsoleProvider consoleHandle={{ store, client }}>
          <CheckerPanel />
        </ConsoleProvider>,
      );
    });
    const radio = page.container().querySelector<HTMLButtonElement>('[role="radio"]:nth-child(2)');
    expect(radio?.textContent).toBe('Compare protocols');
    await act(async () => radio!.click());
    const panel = page.container();

    const protocolBoxes = [...panel.querySelectorAll('fieldset')]
      .find((fieldset) => fieldset.querySelector('legend')?.textContent === 'protocols')!
      .querySelectorAll<HTMLInputElement>('input[type="checkbox"]');
    expect([...protocolBoxes].map((box) => box.parentElement?.textContent)).toEqual([...protocolNames]);

    const chart = panel.querySelector('.availability-chart svg')!;
    expect(chart.querySelectorAll('[data-protocol="paxoskv"] circle')).toHaveLength(4);
    expect(chart.querySelectorAll('[data-protocol="quorumkv"] circle')).toHaveLength(4);
    expect(chart.querySelector('[data-fault="f1"] title')?.textContent).toContain('partition dc1');
    expect(panel.querySelector('.chart-legend')?.textContent).toBe('paxoskvquorumkvfault');
    expect(chart.textContent).toContain('seconds since the workload started');

    const verdicts = [...panel.querySelectorAll('.comparison-verdict')].map((cell) => cell.textContent);
    expect(verdicts).toEqual(['linearizable', 'violation: lost-update 2']);
    expect(panel.querySelector('tr[data-protocol="quorumkv"]')?.textContent).toContain('30.0%');
    expect(panel.querySelector('.comparison-files')?.textContent).toContain('/tmp/PROTOCOL/');

    // Untick all but the last two of the registry, then Compare: sent in the registry's order.
    for (const box of [...protocolBoxes].slice(0, -2)) await act(async () => box.click());
    const compare = [...panel.querySelectorAll('button')].find((button) => button.textContent === 'Compare');
    await act(async () => compare!.click());
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      name: 'startComparison',
      input: { protocols: protocolNames.slice(-2), nemesis: ['partition'], durationMs: 20_000 },
    });
    await act(async () => root.unmount());
  });
});
