/** Changes settings, saves them for the next visit, and applies theme and presenter mode to the page. */
import { parseSavedSettings, speedMax, speedMin, type Settings } from '../store/slices/settings-slice';
import type { ConsoleStoreApi } from '../store/store';

const storageKey = 'paxoscope.settings';

export function loadSettings(store: ConsoleStoreApi): void {
  const settings = parseSavedSettings(readStorage());
  store.setState({ settings });
  applyToPage(settings);
}

export function updateSettings(store: ConsoleStoreApi, patch: Partial<Settings>): void {
  const merged = { ...store.getState().settings, ...patch };
  const settings = { ...merged, speed: Math.min(speedMax, Math.max(speedMin, merged.speed)) };
  store.setState({ settings });
  applyToPage(settings);
  try {
    localStorage.setItem(storageKey, JSON.stringify(settings));
  } catch {
    // Storage can be unavailable (private windows); the settings still apply to this visit.
  }
}

function readStorage(): string | null {
  try {
    return localStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

function applyToPage(settings: Settings): void {
  document.documentElement.dataset.theme = settings.theme;
  document.documentElement.classList.toggle('presenter', settings.presenter);
}
