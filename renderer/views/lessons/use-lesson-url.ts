/**
 * A lesson in the address (`#lesson=NAME`, NAME its file name in lessons/) opens once the console is
 * connected, as a `#sim=` scenario does (views/simulation/use-scenario-url.ts).
 */
import { useEffect, useRef } from 'react';
import { useConsole, useConsoleState } from '../use-console';
import { openLesson } from './lesson-actions';

export const lessonFragmentPrefix = '#lesson=';

/** The lesson a `#lesson=NAME` address names, or null. */
export function lessonInHash(hash: string): string | null {
  if (!hash.startsWith(lessonFragmentPrefix)) return null;
  return decodeURIComponent(hash.slice(lessonFragmentPrefix.length)) || null;
}

export function useLessonUrl(): void {
  const consoleHandle = useConsole();
  const connected = useConsoleState((state) => state.connection === 'open');
  const opened = useRef(false);
  useEffect(() => {
    const id = lessonInHash(globalThis.location?.hash ?? '');
    if (!connected || opened.current || id === null) return;
    opened.current = true;
    void openLesson(consoleHandle, id);
  }, [connected, consoleHandle]);
}
