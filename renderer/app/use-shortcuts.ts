/** Listens for the shortcut keys on the whole page (except while typing in a field). */
import { useEffect } from 'react';
import type { ConsoleHandle } from '../actions/console-handle';
import { isTyping, shortcuts } from './shortcuts';

export function useShortcuts(consoleHandle: ConsoleHandle): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event) && event.key !== 'Escape') return;
      const shortcut = shortcuts.find((candidate) => candidate.matches(event));
      if (!shortcut) return;
      event.preventDefault();
      shortcut.run(consoleHandle);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [consoleHandle]);
}
