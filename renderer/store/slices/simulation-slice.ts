/**
 * The simulated cluster's panel state: the last simulation view main sent (clock, pending messages and
 * timers, safety checks, branches), or null when the cluster is not simulated.
 */
import type { StateCreator } from 'zustand';
import type { SimulationView } from '../../../app/contract/simulation-commands';
import type { ConsoleStore } from '../store';

export interface SimulationSlice {
  simulation: SimulationView | null;
}

export const createSimulationSlice: StateCreator<ConsoleStore, [], [], SimulationSlice> = () => ({
  simulation: null,
});
