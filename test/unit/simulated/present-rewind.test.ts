/**
 * A step back or a branch switch sends the console only what differs (present-diff.ts, the
 * `eventsRewound` change): applying it gives the same recorder, snapshot and renderer picture as
 * clearing and sending the whole new present, which is what the console did before.
 */
import { describe, expect, it } from 'vitest';
import {
  applyDelta,
  emptySnapshot,
  recentEventsMax,
  rewindDropMax,
  stateChangeSchema,
  type ConsoleSnapshot,
} from '../../../app/contract/console-state';
import type { ClusterEvent } from '../../../app/model/cluster-event';
import { EventMerger } from '../../../main/agents/event-merger';
import { EventRecorder } from '../../../main/agents/event-recorder';
import { gridTopology } from '../../../main/simulated/grid-topology';
import { presentDiff, type PresentDiff } from '../../../main/simulated/present-diff';
import { SimulatedCluster } from '../../../main/simulated/simulated-cluster';
import { applyInputs, rewindEvents } from '../../../renderer/store/connect-store';
import { ingestBatch } from '../../../renderer/store/ingest';
import { emptyObservedCluster } from '../../../renderer/store/observed-cluster';
import { startHistory } from '../../../renderer/store/rewind-history';
import { createConsoleStore } from '../../../renderer/store/store';

const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * A run with writes going on; the console is taken to have been shown its events in the order the run
 * made them (what a whole resend shows), and the presents it was handed.
 */
function watchedRun() {
  const viewer = {
    rewrites: [] as ClusterEvent[][],
    lastSeqs: new Map<string, number>() as ReadonlyMap<string, number>,
    get shown() {
      return cluster.presentEvents().map((tagged) => tagged.event);
    },
  };
  const cluster = new SimulatedCluster(
    { seed: 5, options: { topology: gridTopology(1, 'paxoskv') }, inputs: [], eventsKeptMax: 100_000 },
    {
      onRewrite: (events, lastSeqs) => {
        viewer.rewrites.push(events);
        viewer.lastSeqs = lastSeqs;
      },
      onChange: () => {},
    },
  );
  const work = (steps: number, tag: string) => {
    for (let step = 0; step < steps; step += 1) {
      if (step % 20 === 0) {
        void cluster.request(`n${step % 6}`, {
          requestId: `${tag}-${step}`,
          operation: { kind: 'put', key: `k${step % 3}`, value: utf8(`${tag}${step}`) },
        });
      } else cluster.input({ kind: 'step' });
    }
  };
  return { cluster, viewer, work };
}

/** The renderer's store after being shown `events` frame by frame, on a simulated cluster. */
function rendererShown(events: readonly ClusterEvent[]) {
  const store = createConsoleStore();
  const observed = emptyObservedCluster();
  store.setState({
    cluster: { ...store.getState().cluster, mode: 'simulated' },
    observed,
    rewindHistory: startHistory(observed),
  });
  for (let i = 0; i < events.length; i += 300) applyInputs(store, events.slice(i, i + 300));
  return store;
}

function snapshotOf(events: readonly ClusterEvent[]): ConsoleSnapshot {
  return { ...emptySnapshot(1000), recentEvents: events.slice(-recentEventsMax) };
}

/** Checks the diff against a whole resend in the recorder, the snapshot and the renderer. */
function expectSameAsWholeResend(shown: ClusterEvent[], present: ClusterEvent[], diff: PresentDiff): void {
  const recorder = new EventRecorder(100_000);
  recorder.record(shown);
  recorder.dropNewest(diff.dropped);
  recorder.record(diff.events);
  expect(recorder.held()).toEqual(present);

  const change = stateChangeSchema.parse({ kind: 'eventsRewound', ...diff });
  const snapshot = applyDelta(snapshotOf(shown), { seq: 1, change });
  expect(snapshot.recentEvents).toEqual(present.slice(-recentEventsMax));

  const store = rendererShown(shown);
  expect(rewindEvents(store, diff.dropped, diff.events)).toBe(true);
  expect(store.getState().observed).toEqual(rendererShown(present).getState().observed);
  expect(store.getState().observed).toEqual(ingestBatch(emptyObservedCluster(), present));
}

describe('a step back sends only what differs', () => {
  it('back and forward: the newest events go, then come again; nothing else travels', () => {
    const { cluster, viewer, work } = watchedRun();
    work(900, 'a');
    const shown = [...viewer.shown];
    cluster.back(400);
    const present = viewer.rewrites.at(-1)!;
    expect(present.length).toBeLessThan(shown.length);
    const diff = presentDiff(shown, present)!;
    expect(diff).toEqual({ dropped: shown.length - present.length, events: [] });
    expectSameAsWholeResend(shown, present, diff);

    cluster.forward(150);
    const further = viewer.rewrites.at(-1)!;
    const ahead = presentDiff(present, further)!;
    expect(ahead.dropped).toBe(0);
    expect(ahead.events).toEqual(further.slice(present.length));
    expectSameAsWholeResend(present, further, ahead);
  });

  it('a branch switch drops the branch left past the fork and adds the other branch past it', () => {
    const { cluster, viewer, work } = watchedRun();
    work(700, 'a');
    cluster.back(300);
    const atFork = viewer.rewrites.at(-1)!;
    work(200, 'b');
    const shownOnBranch2 = viewer.shown;
    expect(shownOnBranch2.slice(0, atFork.length)).toEqual(atFork);
    cluster.switchBranch(1);
    const present = viewer.rewrites.at(-1)!;
    const diff = presentDiff(shownOnBranch2, present)!;
    expect(diff.dropped).toBe(shownOnBranch2.length - atFork.length);
    expect(diff.events).toEqual(present.slice(atFork.length));
    expectSameAsWholeResend(shownOnBranch2, present, diff);
  });

  it('sends the present whole when nothing shown is kept or too much would go', () => {
    const { viewer, work } = watchedRun();
    work(100, 'a');
    const shown = [...viewer.shown];
    const unrelated = shown.map((event) => ({ ...event, seq: event.seq + 1_000_000 }));
    expect(presentDiff(shown, unrelated)).toBeNull();
    expect(presentDiff([], shown)).toEqual({ dropped: 0, events: shown });
    const many = Array.from({ length: rewindDropMax + 2 }, (_, i) => ({ ...shown[0]!, seq: i + 1 }));
    expect(presentDiff(many, many.slice(0, 1))).toBeNull();
  });

  it('the change is checked where it crosses into the renderer: a count in range, well-formed events', () => {
    const parse = (change: unknown) => stateChangeSchema.safeParse(change).success;
    expect(parse({ kind: 'eventsRewound', dropped: 3, events: [] })).toBe(true);
    expect(parse({ kind: 'eventsRewound', dropped: -1, events: [] })).toBe(false);
    expect(parse({ kind: 'eventsRewound', dropped: rewindDropMax + 1, events: [] })).toBe(false);
    expect(parse({ kind: 'eventsRewound', dropped: 0, events: [{ type: 'chosen' }] })).toBe(false);
  });

  it('events of the undone future still on their way from the nodes are not merged after it', () => {
    const { cluster, viewer, work } = watchedRun();
    work(300, 'a');
    const undone = viewer.shown.slice(-40);
    cluster.back(100);
    expect(viewer.lastSeqs).toEqual(new Map([...cluster.streams].map(([id, s]) => [id, s.lastSeq])));
    const merged: ClusterEvent[] = [];
    const merger = new EventMerger({ onBatch: (events) => merged.push(...events) });
    for (const [node, seq] of viewer.lastSeqs) merger.skipThrough(node, seq);
    for (const event of undone) merger.push(event);
    work(50, 'b');
    const next = viewer.shown.slice(-5);
    for (const event of next) merger.push(event);
    merger.flush();
    expect(merged.map((event) => `${event.agent}#${event.seq}`).sort()).toEqual(
      next.map((event) => `${event.agent}#${event.seq}`).sort(),
    );
  });

  it('a renderer whose history no longer reaches the cut says so (the caller resets from the snapshot)', () => {
    const { viewer, work } = watchedRun();
    work(200, 'a');
    const store = rendererShown(viewer.shown);
    expect(rewindEvents(store, viewer.shown.length + 1, [])).toBe(false);
  });
});
