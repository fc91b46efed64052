/**
 * Short messages for the person at the console: what a command did, why it failed, and an undo where
 * undoing makes sense (restart after kill, resume after pause, heal after a partition).
 */
import type { StateCreator } from 'zustand';
import type { ConsoleStore } from '../store';

export interface Notice {
  id: number;
  tone: 'info' | 'success' | 'error';
  text: string;
  /** Label and action of the undo button, when the action can be undone. */
  undo: { label: string; run: () => void } | null;
}

export interface NoticesSlice {
  notices: Notice[];
}

/** The console shows at most this many notices; older ones leave first. */
export const noticesMax = 4;

export const createNoticesSlice: StateCreator<ConsoleStore, [], [], NoticesSlice> = () => ({ notices: [] });
