/**
 * Listens for the lesson's keys (lesson-keys.ts) ahead of the console's shortcuts: on the window in
 * the capture phase, so a key the lesson takes (an arrow, a number) does not also rewind or act on a
 * node. Nothing fires while the person types in a field.
 */
import { useEffect } from 'react';
import type { ConsoleHandle } from '../../actions/console-handle';
import { updateSettings } from '../../actions/settings';
import { isTyping } from '../../app/shortcuts';
import { actOnSimulation } from '../simulation/simulation-actions';
import { actOnLesson } from './lesson-actions';
import { lessonKeyCommand } from './lesson-keys';

export function useLessonKeys(consoleHandle: ConsoleHandle): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event)) return;
      const { lesson, settings, simulation } = consoleHandle.store.getState();
      const command = lessonKeyCommand(event, {
        lesson,
        presenter: settings.presenter,
        simulationRunning: simulation ? simulation.running : null,
      });
      if (!command) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      if (command.kind === 'lesson') void actOnLesson(consoleHandle, command.action);
      else if (command.kind === 'simulation') void actOnSimulation(consoleHandle, { action: command.action });
      else if (command.kind === 'leavePresenter') updateSettings(consoleHandle.store, { presenter: false });
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [consoleHandle]);
}
