/**
 * Lessons in the console: the lessons main offers (null until listed), the open lesson as main last
 * described it, and the last scenario shared. The helpers read what the panel, the caption band and
 * presenter mode show from a lesson view.
 */
import type { StateCreator } from 'zustand';
import type { LessonEntry, LessonView } from '../../../app/contract/lesson-commands';
import type { ConsoleStore } from '../store';

/** A run handed out as a URL fragment and a file (the shareScenario command's answer). */
export interface SharedScenario {
  fragment: string;
  fileName: string;
  file: string;
  inputCount: number;
}

export interface LessonSlice {
  lessons: LessonEntry[] | null;
  lesson: LessonView | null;
  shared: SharedScenario | null;
}

export const createLessonSlice: StateCreator<ConsoleStore, [], [], LessonSlice> = () => ({
  lessons: null,
  lesson: null,
  shared: null,
});

/** How an answered question went; null before the answer. */
export function verdictOf(view: LessonView): 'right' | 'wrong' | null {
  const question = view.question;
  if (!question || question.picked === null || question.answer === null) return null;
  return question.picked === question.answer ? 'right' : 'wrong';
}

/** What the subtitle band says for the lesson now: its title at the intro, a step's prompt or caption. */
export function lessonSubtitle(view: LessonView): string {
  if (view.kind === 'intro') return `${view.title}: press Space to start.`;
  return view.text ?? '';
}

/** "step 2 of 3" (the intro is step 0). */
export function lessonProgress(view: LessonView): string {
  return view.step === null ? `${view.stepCount} steps` : `step ${view.step + 1} of ${view.stepCount}`;
}

/** True at the lesson's last stop: nothing further to play. */
export function lessonAtEnd(view: LessonView): boolean {
  return view.stop + 1 >= view.stopCount;
}
