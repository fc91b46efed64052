/** The lesson's keyboard: space, arrows, numbers and Esc, and what they leave alone. */
import { describe, expect, it } from 'vitest';
import type { LessonView } from '../../../app/contract/lesson-commands';
import { lessonKeyCommand, type KeyPress } from '../../../renderer/views/lessons/lesson-keys';
import { lessonInHash } from '../../../renderer/views/lessons/use-lesson-url';
import { lessonView } from './lesson-view-fixture';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

const context = (lesson: LessonView | null, presenter = true, simulationRunning: boolean | null = false) => ({
  lesson,
  presenter,
  simulationRunning,
});

describe('the lesson keyboard', () => {
  const intro = lessonView({ kind: 'intro', stop: 0 });
  const asking = lessonView({ kind: 'before', stop: 2, step: 1, waiting: true });
  const last = lessonView({ kind: 'after', stop: 5, step: 2 });

  it('space and → go on; ← goes back, but not before the intro', () => {
    const next = { kind: 'lesson', action: { action: 'next' } };
    expect(lessonKeyCommand(press(' '), context(intro))).toEqual(next);
    expect(lessonKeyCommand(press('ArrowRight'), context(intro))).toEqual(next);
    expect(lessonKeyCommand(press('ArrowLeft'), context(intro))).toBeNull();
    expect(lessonKeyCommand(press('ArrowLeft'), context(last))).toEqual({
      kind: 'lesson',
      action: { action: 'back' },
    });
  });

  it('a waiting question takes 1 to its number of choices; space and → do not skip it', () => {
    expect(lessonKeyCommand(press('1'), context(asking))).toEqual({
      kind: 'lesson',
      action: { action: 'answer', choice: 0 },
    });
    expect(lessonKeyCommand(press('3'), context(asking))).toEqual({
      kind: 'lesson',
      action: { action: 'answer', choice: 2 },
    });
    expect(lessonKeyCommand(press('4'), context(asking))).toBeNull();
    expect(lessonKeyCommand(press('0'), context(asking))).toBeNull();
    // Space is held back from the page too, so a focused button is not pressed by it.
    expect(lessonKeyCommand(press(' '), context(asking))).toEqual({ kind: 'hold' });
    expect(lessonKeyCommand(press('ArrowRight'), context(asking))).toBeNull();
    expect(lessonKeyCommand(press('1'), context(intro))).toBeNull();
  });

  it("at the lesson's end space runs or pauses the cluster", () => {
    expect(lessonKeyCommand(press(' '), context(last, true, false))).toEqual({
      kind: 'simulation',
      action: 'run',
    });
    expect(lessonKeyCommand(press(' '), context(last, false, true))).toEqual({
      kind: 'simulation',
      action: 'pause',
    });
    expect(lessonKeyCommand(press('ArrowRight'), context(last))).toBeNull();
  });

  it('Esc leaves presenter mode; without a lesson only presenter mode takes space', () => {
    expect(lessonKeyCommand(press('Escape'), context(intro))).toEqual({ kind: 'leavePresenter' });
    expect(lessonKeyCommand(press('Escape'), context(intro, false))).toBeNull();
    expect(lessonKeyCommand(press(' '), context(null, true, true))).toEqual({
      kind: 'simulation',
      action: 'pause',
    });
    expect(lessonKeyCommand(press(' '), context(null, false, true))).toBeNull();
    expect(lessonKeyCommand(press(' '), context(null, true, null))).toBeNull();
    expect(lessonKeyCommand(press('ArrowLeft'), context(null))).toBeNull();
  });

  it('leaves keys with modifiers to the console', () => {
    expect(lessonKeyCommand(press(' ', { ctrlKey: true }), context(intro))).toBeNull();
    expect(lessonKeyCommand(press('ArrowLeft', { shiftKey: true }), context(last))).toBeNull();
    expect(lessonKeyCommand(press('1', { altKey: true }), context(asking))).toBeNull();
    expect(lessonKeyCommand(press('Escape', { metaKey: true }), context(intro))).toBeNull();
  });
});

describe('a lesson in the address', () => {
  it('names the lesson after #lesson=, and nothing else does', () => {
    expect(lessonInHash('#lesson=fast-path-write')).toBe('fast-path-write');
    expect(lessonInHash('#lesson=')).toBeNull();
    expect(lessonInHash('#sim=abc')).toBeNull();
    expect(lessonInHash('')).toBeNull();
  });
});
