/** Listens for the shortcut keys on the whole page (except while typing in a field). */
import { useEffect } from 'react';
import type { Console } from '../actions/console-context';
import { isTyping, shortcuts } from './shortcuts';

export function useShortcuts(console: Console): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event) && event.key !== 'Escape') return;
      const shortcut = shortcuts.find((candidate) => candidate.matches(event));
      if (!shortcut) return;
      event.preventDefault();
      shortcut.run(console);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [console]);
}
