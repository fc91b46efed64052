import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../../app/model/cluster-event';
import { defaultTopology } from '../../../app/model/topology';
import { formatTrace, TraceFormatError } from '../../../app/model/trace-format';
import type { ConsoleClient } from '../../../renderer/client/console-client';
import { returnToLive, stepRewind } from '../../../renderer/actions/rewind';
import { importTrace, viewTrace } from '../../../renderer/actions/trace-import-export';
import { applyInputs } from '../../../renderer/store/connect-store';
import { shownObserved } from '../../../renderer/store/slices/observed-slice';
import { createConsoleStore } from '../../../renderer/store/store';
import { viewedTraceOf } from '../../../renderer/store/trace-view';
import { eventFactory } from './cluster-events';
import { elsewhereTopology } from '../../support/elsewhere-topology';

const elsewhere = () => elsewhereTopology(7200);

const resumed = (agent: string, seq: number): ClusterEvent => ({
  agent,
  seq,
  timeMs: seq,
  type: 'nodeResumed',
});

/** A store of a running default cluster that has seen three live events. */
function liveStore() {
  const store = createConsoleStore();
  store.setState({
    cluster: { ...store.getState().cluster, mode: 'spawned', phase: 'running', topology: defaultTopology() },
  });
  const event = eventFactory();
  applyInputs(
    store,
    [0, 1, 2].map((i) => event(`n${i}`, { type: 'nodeStarted', learnerOnly: false })),
  );
  return { store, event };
}

describe('viewing a trace beside a running cluster', () => {
  it('shows the trace’s own state and topology while live keeps advancing, until return to live', () => {
    const { store, event } = liveStore();
    const count = viewTrace(
      store,
      'elsewhere.jsonl',
      formatTrace([resumed('east-a', 1), resumed('west-b', 1)], elsewhere()),
    );
    expect(count).toBe(2);
    const viewed = viewedTraceOf(store.getState());
    expect(viewed).toMatchObject({ name: 'elsewhere.jsonl', topology: elsewhere() });
    expect(Object.keys(shownObserved(store.getState()).nodes).sort()).toEqual([
      'east-a',
      'east-b',
      'north-a',
      'north-b',
      'west-a',
      'west-b',
    ]);
    applyInputs(store, [event('n3', { type: 'nodeStarted', learnerOnly: false })]);
    expect(store.getState().observed.eventCount).toBe(4);
    expect(viewedTraceOf(store.getState())).toBe(viewed);
    returnToLive(store);
    expect(viewedTraceOf(store.getState())).toBeNull();
    expect(shownObserved(store.getState())).toBe(store.getState().observed);
  });

  it('leaves the trace for a rewind of live when the person steps back', () => {
    const { store } = liveStore();
    viewTrace(store, 't.jsonl', formatTrace([resumed('east-a', 1)], elsewhere()));
    stepRewind(store, -1);
    expect(viewedTraceOf(store.getState())).toBeNull();
    expect(store.getState().rewindN).toBe(2);
    expect(shownObserved(store.getState()).eventCount).toBe(2);
  });

  it('ends when anything else ends the rewind (a fresh snapshot clears `rewound`)', () => {
    const { store } = liveStore();
    viewTrace(store, 't.jsonl', formatTrace([resumed('east-a', 1)], elsewhere()));
    store.setState({ rewound: null, rewindN: null });
    expect(viewedTraceOf(store.getState())).toBeNull();
  });

  it('names the line and field of a bad file and leaves live as it was', () => {
    const { store } = liveStore();
    const text = `${formatTrace([resumed('east-a', 1)], elsewhere())}{"agent":"east-a","seq":-1}\n`;
    expect(() => viewTrace(store, 'bad.jsonl', text)).toThrow(TraceFormatError);
    expect(() => viewTrace(store, 'bad.jsonl', text)).toThrow(/^line 3, seq: /);
    expect(store.getState().rewound).toBeNull();
  });

  it('imports beside a running cluster without asking main (which keeps recording live)', async () => {
    const { store } = liveStore();
    const client = {
      call: () => Promise.reject(new Error('main must not be asked to import while a cluster runs')),
    } as unknown as ConsoleClient;
    const file = new File([formatTrace([resumed('east-a', 1)], elsewhere())], 'elsewhere.jsonl');
    await importTrace({ store, client }, file);
    expect(viewedTraceOf(store.getState())?.name).toBe('elsewhere.jsonl');
    expect(store.getState().notices.at(-1)).toMatchObject({
      tone: 'success',
      text: 'Imported 1 events from elsewhere.jsonl.',
    });
    await importTrace(
      { store, client },
      new File(['{"format":"paxoscope-trace","version":9}'], 'future.jsonl'),
    );
    expect(store.getState().notices.at(-1)).toMatchObject({
      tone: 'error',
      text: 'Import failed: line 1, version: this console reads version 1, got 9',
    });
  });
});
