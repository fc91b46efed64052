/**
 * The lesson's keyboard, as a pure map from a key press to what it does, so it can be tested without a
 * page: space goes on (the next stop, or at the lesson's end runs or pauses the cluster), the arrows go
 * back and forward a stop, 1 to 9 answer the waiting question, and Esc leaves presenter mode. Without a
 * lesson, presenter mode keeps space for run and pause of a simulated cluster. Keys with Ctrl, Alt or
 * Meta are never the lesson's.
 */
import type { LessonAction, LessonView } from '../../../app/contract/lesson-commands';
import { lessonAtEnd } from '../../store/slices/lesson-slice';

export type LessonKeyCommand =
  | { kind: 'lesson'; action: LessonAction }
  | { kind: 'simulation'; action: 'run' | 'pause' }
  | { kind: 'leavePresenter' }
  /** The key is the lesson's but does nothing now (space while a question waits): kept from the page. */
  | { kind: 'hold' };

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export interface LessonKeyContext {
  lesson: LessonView | null;
  presenter: boolean;
  /** Whether the simulated cluster runs free; null when the console shows no simulated cluster. */
  simulationRunning: boolean | null;
}

/** The keys as the help and the panel list them. */
export const lessonKeyHelp: { keys: string; description: string }[] = [
  { keys: 'Space', description: 'Lesson: go on (at its end: run or pause the cluster)' },
  { keys: '← / →', description: 'Lesson: back or forward one stop' },
  { keys: '1 … 9', description: 'Lesson: answer the question' },
  { keys: 'Esc', description: 'Leave presenter mode' },
];

/** The simulated cluster's key, in presenter mode without a lesson (the simulation panel has no other). */
export const simulationKeyHelp: { keys: string; description: string }[] = [
  { keys: 'Space', description: 'Presenter mode, no lesson open: run or pause the simulated cluster' },
];

export function lessonKeyCommand(press: KeyPress, context: LessonKeyContext): LessonKeyCommand | null {
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  if (press.key === 'Escape') return context.presenter ? { kind: 'leavePresenter' } : null;
  if (press.shiftKey) return null;
  const { lesson, simulationRunning } = context;
  const toggle = (): LessonKeyCommand | null =>
    simulationRunning === null ? null : { kind: 'simulation', action: simulationRunning ? 'pause' : 'run' };
  if (!lesson) return press.key === ' ' && context.presenter ? toggle() : null;
  const next: LessonKeyCommand = { kind: 'lesson', action: { action: 'next' } };
  switch (press.key) {
    case ' ':
      if (lesson.waiting) return { kind: 'hold' };
      return lessonAtEnd(lesson) ? toggle() : next;
    case 'ArrowRight':
      return lesson.waiting || lessonAtEnd(lesson) ? null : next;
    case 'ArrowLeft':
      return lesson.stop === 0 ? null : { kind: 'lesson', action: { action: 'back' } };
  }
  const digit = /^[1-9]$/.test(press.key) ? Number(press.key) : null;
  if (digit === null || !lesson.waiting || digit > (lesson.question?.choices.length ?? 0)) return null;
  return { kind: 'lesson', action: { action: 'answer', choice: digit - 1 } };
}
