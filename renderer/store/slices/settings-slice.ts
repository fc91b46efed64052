/**
 * How the console looks and what is selected: theme, presenter mode (large type for projectors),
 * display speed of message animations, the followed or picked key, the selected node and event.
 */
import type { StateCreator } from 'zustand';
import type { ConsoleStore } from '../store';

export type Theme = 'light' | 'dark';

export interface Settings {
  theme: Theme;
  presenter: boolean;
  /** Display speed of message animations: 1 is normal, 0.1 is ten times slower. */
  speed: number;
  /** When true, the PLog lens follows the last key written. */
  followLastWritten: boolean;
}

export interface SettingsSlice {
  settings: Settings;
  /** The key the PLog lens shows when not following. */
  pickedKey: string | null;
  /** The node shown in the inspector. */
  selectedNodeId: string | null;
  /** The timeline event being inspected (its ordinal). */
  selectedEventN: number | null;
  helpOpen: boolean;
}

export const speedMin = 0.05;
export const speedMax = 2;

export const defaultSettings: Settings = {
  theme: 'dark',
  presenter: false,
  speed: 1,
  followLastWritten: true,
};

export const createSettingsSlice: StateCreator<ConsoleStore, [], [], SettingsSlice> = () => ({
  settings: defaultSettings,
  pickedKey: null,
  selectedNodeId: null,
  selectedEventN: null,
  helpOpen: false,
});

/** Reads saved settings, keeping defaults for anything missing or out of range. */
export function parseSavedSettings(text: string | null): Settings {
  if (!text) return defaultSettings;
  try {
    const saved = JSON.parse(text) as Partial<Record<keyof Settings, unknown>>;
    return {
      theme: saved.theme === 'light' || saved.theme === 'dark' ? saved.theme : defaultSettings.theme,
      presenter: typeof saved.presenter === 'boolean' ? saved.presenter : defaultSettings.presenter,
      speed:
        typeof saved.speed === 'number' && saved.speed >= speedMin && saved.speed <= speedMax
          ? saved.speed
          : defaultSettings.speed,
      followLastWritten:
        typeof saved.followLastWritten === 'boolean'
          ? saved.followLastWritten
          : defaultSettings.followLastWritten,
    };
  } catch {
    return defaultSettings;
  }
}
