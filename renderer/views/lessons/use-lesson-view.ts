/**
 * Keeps the open lesson fresh while the console shows a simulated cluster (the class may move the
 * cluster off the lesson's path from the simulation panel), and forgets it when that cluster goes.
 */
import { useEffect } from 'react';
import { useConsole, useConsoleState } from '../use-console';
import { refreshLesson } from './lesson-actions';

/** Slower than the simulation panel's poll: only `onPath` changes without the lesson's own actions. */
export const lessonPollMs = 1000;

export function useLessonView(): void {
  const consoleHandle = useConsole();
  const simulated = useConsoleState(
    (state) => state.cluster.mode === 'simulated' && state.cluster.phase === 'running',
  );
  useEffect(() => {
    if (!simulated) {
      consoleHandle.store.setState({ lesson: null, shared: null });
      return;
    }
    void refreshLesson(consoleHandle);
    const timer = setInterval(() => void refreshLesson(consoleHandle), lessonPollMs);
    return () => clearInterval(timer);
  }, [consoleHandle, simulated]);
}
