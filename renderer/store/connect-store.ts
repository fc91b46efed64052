/**
 * Keeps the store in step with a ConsoleClient: a snapshot rebuilds everything, deltas update main's
 * views, events go through the frame pump into `ingestBatch`, and process changes become inputs too so
 * the timeline and rewinding see kills.
 */
import type { ClusterView, ConsoleSnapshot, NodeView } from '../../app/contract/console-state';
import type { ClusterEvent } from '../../app/model/cluster-event';
import { healthyFaultState, type FaultState } from '../../app/model/fault-model';
import { nodeLocations } from '../../app/model/topology';
import type { ConsoleClient, StateUpdate } from '../client/console-client';
import { EventPump, type FrameScheduler } from './event-pump';
import { ingestBatch, type ObservedInput } from './ingest';
import type { PartitionChange, ProcessChange } from './ingest-console';
import { isCutOff } from './selectors/node-health';
import { emptyObservedCluster } from './observed-cluster';
import {
  cutHistory,
  defaultRewindLimits,
  recordBatch,
  simulatedRewindLimits,
  startHistory,
} from './rewind-history';
import { processesById } from './slices/console-slice';
import type { ConsoleStore, ConsoleStoreApi } from './store';

export function connectStore(
  store: ConsoleStoreApi,
  client: ConsoleClient,
  schedule?: FrameScheduler,
): () => void {
  const pump = new EventPump((inputs) => applyInputs(store, inputs), schedule);
  const onUpdate = (update: StateUpdate) => {
    if (update.kind === 'snapshot') {
      pump.discard();
      resetFromSnapshot(store, update.snapshot);
      return;
    }
    const change = update.delta.change;
    switch (change.kind) {
      case 'events':
        pump.push(change.events);
        return;
      case 'eventsCleared':
        pump.discard();
        resetFromSnapshot(store, update.snapshot);
        return;
      case 'eventsRewound':
        pump.flush();
        if (!rewindEvents(store, change.dropped, change.events)) resetFromSnapshot(store, update.snapshot);
        return;
      case 'nodes':
      case 'node':
        pump.push(
          processChanges(store.getState().processes, change.kind === 'node' ? [change.node] : change.nodes),
        );
        store.setState({ processes: processesById(update.snapshot.nodes) });
        return;
      case 'cluster':
        store.setState({ cluster: change.cluster });
        return;
      case 'recorder':
        store.setState({ recorder: change.recorder });
        return;
      case 'faults':
        pump.push(partitionChanges(store.getState(), change.faults));
        store.setState({ faults: change.faults });
        return;
    }
  };
  const existing = client.snapshot();
  if (existing) onUpdate({ kind: 'snapshot', snapshot: existing });
  store.setState({ connection: client.connection() });
  const unsubscribeState = client.subscribe(onUpdate);
  const unsubscribeConnection = client.onConnection((connection) => store.setState({ connection }));
  return () => {
    pump.discard();
    unsubscribeState();
    unsubscribeConnection();
  };
}

export function applyInputs(store: ConsoleStoreApi, inputs: readonly ObservedInput[]): void {
  store.setState((state) => {
    const observed = ingestBatch(state.observed, inputs);
    return { observed, rewindHistory: recordBatch(state.rewindHistory, inputs, observed, limitsOf(state)) };
  });
}

/** A simulated cluster keeps enough history to cut back as far as an eventsRewound may drop. */
const limitsOf = (state: ConsoleStore) =>
  state.cluster.mode === 'simulated' ? simulatedRewindLimits : defaultRewindLimits;

/**
 * The present was replaced (eventsRewound): the state after the newest `dropped` events are undone,
 * from the rewind history, then `events` on top. False when the history no longer reaches that far.
 */
export function rewindEvents(
  store: ConsoleStoreApi,
  dropped: number,
  events: readonly ClusterEvent[],
): boolean {
  const state = store.getState();
  const cut =
    dropped === 0
      ? { rewindHistory: state.rewindHistory, state: state.observed }
      : cutHistory(state.rewindHistory, state.observed.eventCount - dropped);
  if (!cut) return false;
  const observed = ingestBatch(cut.state, events);
  const rewindHistory = recordBatch(cut.rewindHistory, events, observed, limitsOf(state));
  store.setState({ observed, rewindHistory, rewindN: null, rewound: null });
  return true;
}

function resetFromSnapshot(store: ConsoleStoreApi, snapshot: ConsoleSnapshot): void {
  const start = emptyObservedCluster(snapshot.nodes.map((node) => node.id));
  const cutOff = partitionChanges(
    { cluster: snapshot.cluster, faults: healthyFaultState() },
    snapshot.faults,
  );
  const inputs: ObservedInput[] = [
    ...processChanges({}, snapshot.nodes),
    ...cutOff,
    ...snapshot.recentEvents,
  ];
  const observed = ingestBatch(start, inputs);
  store.setState({
    cluster: snapshot.cluster,
    processes: processesById(snapshot.nodes),
    recorder: snapshot.recorder,
    faults: snapshot.faults,
    observed,
    rewindHistory: startHistory(observed),
    rewindN: null,
    rewound: null,
  });
}

/** Process transitions between main's old and new view of nodes, as inputs for the observed state. */
export function processChanges(
  before: Record<string, NodeView>,
  after: readonly NodeView[],
): ProcessChange[] {
  const changes: ProcessChange[] = [];
  for (const node of after) {
    const wasDown = downOf(before[node.id]);
    const isDown = downOf(node);
    if (wasDown?.kind === isDown?.kind) continue;
    changes.push({ type: 'processChanged', nodeId: node.id, down: isDown });
  }
  return changes;
}

/** Nodes the new faults cut off or reconnect, as inputs that open and close their timeline bands. */
function partitionChanges(
  before: { cluster: ClusterView; faults: FaultState },
  faults: FaultState,
): PartitionChange[] {
  const locations = before.cluster.topology ? nodeLocations(before.cluster.topology) : [];
  return locations.flatMap((node): PartitionChange[] => {
    const was = isCutOff(before.faults, node, locations);
    const is = isCutOff(faults, node, locations);
    return was === is ? [] : [{ type: 'partitionChanged', nodeId: node.id, cutOff: is }];
  });
}

function downOf(node: NodeView | undefined): ProcessChange['down'] {
  if (!node) return null;
  if (node.process === 'killed') return { kind: 'killed', why: 'killed (SIGKILL) from the console' };
  if (node.process === 'exited') {
    const how = node.exit?.signal ?? `code ${node.exit?.code ?? '?'}`;
    return { kind: 'stopped', why: `exited (${how})` };
  }
  if (node.process === 'stopped') return { kind: 'stopped', why: 'stopped' };
  return null;
}
