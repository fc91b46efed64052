/**
 * What main says about the console: the cluster (mode, phase, topology), each node's process, the
 * recorder and the connection. Replaced wholesale from snapshots and deltas; never derived here.
 */
import type { StateCreator } from 'zustand';
import {
  emptySnapshot,
  type ClusterView,
  type NodeView,
  type RecorderView,
} from '../../../app/contract/console-state';
import { healthyFaultState, type FaultState } from '../../../app/model/fault-model';
import type { ConnectionState } from '../../client/console-client';
import type { ConsoleStore } from '../store';

export interface ConsoleSlice {
  connection: ConnectionState;
  cluster: ClusterView;
  /** Main's view of each node's process, by node id. */
  processes: Record<string, NodeView>;
  recorder: RecorderView;
  /** The faults in force; healthy until main reports fault state. */
  faults: FaultState;
}

const empty = emptySnapshot(1);

export const createConsoleSlice: StateCreator<ConsoleStore, [], [], ConsoleSlice> = () => ({
  connection: 'connecting',
  cluster: empty.cluster,
  processes: {},
  recorder: empty.recorder,
  faults: healthyFaultState(),
});

export function processesById(nodes: readonly NodeView[]): Record<string, NodeView> {
  return Object.fromEntries(nodes.map((node) => [node.id, node]));
}
