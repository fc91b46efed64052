/**
 * Derived cluster facts several views share: where nodes sit, their health, group quorums and the key the
 * PLog lens shows. Each is memoised so views re-render only when the answer changes.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { nodeLocations, placementGroups, type NodeLocation, type Topology } from '../../app/model/topology';
import { placeKey } from '../../app/paxos/placement';
import type { NodeId, PlacementGroup } from '../../app/paxos/types';
import { isCutOff, nodeHealth, votes, type NodeHealth } from '../store/selectors/node-health';
import { groupQuorum, type GroupQuorum } from '../store/selectors/quorum-availability';
import { topologyForTrace } from '../store/selectors/trace-topology';
import { shownObserved } from '../store/slices/observed-slice';
import { viewedTraceOf } from '../store/trace-view';
import type { ConsoleStore } from '../store/store';
import { useConsoleState, useConsoleStateThrottled } from './use-console';

/**
 * The topology to draw: a trace's viewed beside the running cluster, else the cluster's (an imported
 * trace's in trace mode). A trace file without a topology is drawn on the embedded default when every
 * agent in it belongs to that (see topologyForTrace).
 */
export function useTopology(): Topology | null {
  const viewed = useConsoleState((state) => viewedTraceOf(state));
  const running = useConsoleState((state) => state.cluster.topology);
  const traceAgents = useConsoleState(
    useShallow((state) => (state.cluster.mode === 'trace' ? Object.keys(state.observed.nodes) : noAgents)),
  );
  return useMemo(() => {
    if (viewed) return viewed.topology ?? topologyForTrace(Object.keys(viewed.observed.nodes));
    return running ?? topologyForTrace(traceAgents);
  }, [viewed, running, traceAgents]);
}

const noAgents: string[] = [];

export function useLocations(): NodeLocation[] {
  const topology = useTopology();
  return useMemo(() => (topology ? nodeLocations(topology) : []), [topology]);
}

export function usePlacementGroups(): PlacementGroup[] {
  const topology = useTopology();
  return useMemo(() => (topology ? placementGroups(topology) : []), [topology]);
}

/**
 * Every node's health in one word; the record keeps its identity while no node's health changes. A
 * viewed trace's nodes are judged by their events alone: the live processes and faults are not theirs.
 */
export function useHealthById(): Record<NodeId, NodeHealth> {
  const locations = useLocations();
  return useConsoleState(
    useShallow((state) => {
      const observed = shownObserved(state);
      const live = viewedTraceOf(state) === null;
      return Object.fromEntries(
        locations.map((node) => [
          node.id,
          nodeHealth(
            live ? state.processes[node.id] : undefined,
            observed.nodes[node.id],
            live && isCutOff(state.faults, node, locations),
          ),
        ]),
      );
    }),
  );
}

export function useGroupQuorums(): GroupQuorum[] {
  const groups = usePlacementGroups();
  const health = useHealthById();
  const faults = useConsoleState((state) => state.faults);
  return useMemo(
    () => groups.map((group) => groupQuorum(group, (node) => votes(health[node] ?? 'unknown'), faults)),
    [groups, health, faults],
  );
}

/**
 * The key the PLog lens shows: the picked one, or while following the last one written (switching at
 * most once a second, so a busy workload does not make it flicker).
 */
export function useLensKey(): string | null {
  const follow = useConsoleState((state) => state.settings.followLastWritten);
  const picked = useConsoleState((state) => state.pickedKey);
  const lastWritten = useConsoleStateThrottled(lastWrittenKeyOf, followSwitchMs);
  return follow ? lastWritten : picked;
}

const followSwitchMs = 1_000;

function lastWrittenKeyOf(state: ConsoleStore): string | null {
  return shownObserved(state).lastWrittenKey;
}

/** A key's replicas A, B, C, or null without a topology. */
export function useReplicasOf(key: string | null): NodeId[] | null {
  const groups = usePlacementGroups();
  return useMemo(
    () => (key && groups.length > 0 ? [...placeKey(groups, key).replicas] : null),
    [key, groups],
  );
}
