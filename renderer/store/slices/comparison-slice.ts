/**
 * The Checker panel's comparison mode: the protocol comparison as main publishes it (each protocol's
 * phase, availability series and table row, the shared fault schedule), and which of the panel's two
 * modes is open.
 */
import type { StateCreator } from 'zustand';
import { idleComparisonRun, type ComparisonRun } from '../../../app/contract/comparison-run';
import type { ConsoleStore } from '../store';

/** `check`: a checked run on this cluster; `compare`: protocols side by side on clusters of their own. */
export type CheckerMode = 'check' | 'compare';

export interface ComparisonSlice {
  comparison: ComparisonRun;
  checkerMode: CheckerMode;
}

export const createComparisonSlice: StateCreator<ConsoleStore, [], [], ComparisonSlice> = () => ({
  comparison: idleComparisonRun,
  checkerMode: 'check',
});
