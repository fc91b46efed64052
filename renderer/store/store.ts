/**
 * The console's one zustand store, bound from typed slices. Views read it with selectors; only the
 * actions in actions/ and the client connection write to it.
 */
import { create } from 'zustand';
import { createCheckerSlice, type CheckerSlice } from './slices/checker-slice';
import { createClientSlice, type ClientSlice } from './slices/client-slice';
import { createComparisonSlice, type ComparisonSlice } from './slices/comparison-slice';
import { createConsoleSlice, type ConsoleSlice } from './slices/console-slice';
import { createNoticesSlice, type NoticesSlice } from './slices/notices-slice';
import { createObservedSlice, type ObservedSlice } from './slices/observed-slice';
import { createSettingsSlice, type SettingsSlice } from './slices/settings-slice';
import { createSimulationSlice, type SimulationSlice } from './slices/simulation-slice';
import { createLessonSlice, type LessonSlice } from './slices/lesson-slice';

export type ConsoleStore = ConsoleSlice &
  ObservedSlice &
  ClientSlice &
  SettingsSlice &
  NoticesSlice &
  CheckerSlice &
  ComparisonSlice &
  SimulationSlice &
  LessonSlice;

export function createConsoleStore() {
  return create<ConsoleStore>()((...args) => ({
    ...createConsoleSlice(...args),
    ...createObservedSlice(...args),
    ...createClientSlice(...args),
    ...createSettingsSlice(...args),
    ...createNoticesSlice(...args),
    ...createCheckerSlice(...args),
    ...createComparisonSlice(...args),
    ...createSimulationSlice(...args),
    ...createLessonSlice(...args),
  }));
}

export type ConsoleStoreApi = ReturnType<typeof createConsoleStore>;
