/**
 * A question's answer comes from the run, never from the lesson: the same lesson on another run (a
 * different seed, the fast path switched off) gets another answer, and the captions' checks say so.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../../app/lessons/lesson-file';
import { playLesson, type PlayedLesson } from '../../../app/lessons/lesson-player';
import type { Lesson } from '../../../app/lessons/lesson-schema';
import { lessonsFolder, readLesson } from '../../support/shipped-lessons';

function answers(played: PlayedLesson): (string | undefined)[] {
  return played.steps.flatMap((step) =>
    step.question ? [step.question.choices[step.question.answer!]] : [],
  );
}

function lessonNamed(id: string): Lesson {
  return readLesson(join(lessonsFolder, `${id}.yaml`));
}

describe('question truth', () => {
  it('answers how a write is chosen from the run: fast, or prepare when the fast band is off', () => {
    const lesson = lessonNamed('fast-path-write');
    expect(answers(playLesson(lesson))).toEqual(['The fast path, one round trip with no prepare', 'v2']);
    const slow = playLesson({ ...lesson, fastPath: false });
    expect(answers(slow)).toEqual(['It prepares again, two round trips', 'v2']);
    // The captions that claim the fast path are now false, and the player says which and where.
    expect(slow.problems).toContain(
      'line 21, steps[1]: expected event type=proposalStarted agent=n0 key=k1 index=2 fast=true',
    );
  });

  it('answers which node won the duel from the run: another seed, another winner', () => {
    const lesson = lessonNamed('dueling-proposers');
    expect(answers(playLesson(lesson))[0]).toBe('n2');
    expect(answers(playLesson({ ...lesson, seed: 4 }))[0]).toBe('n4');
  });

  it('answers will-commit, which-value by request and by peek, and free choice from the run', () => {
    const lesson = parseLesson(
      [
        'title: T',
        'summary: S',
        'seed: 1',
        'steps:',
        '  - prompt: p',
        '    do: [put n0 k1 v1, stabilize]',
        '    question: { kind: will-commit, ask: a, request: c1 }',
        '  - prompt: p',
        '    do: [partition dc1 | dc2 dc3, put n2 k1 v2, stabilize, get n2 k1, stabilize]',
        '    question: { kind: which-value, ask: a, request: c3, choices: [v1, v2] }',
        '  - prompt: p',
        '    question: { kind: which-value, ask: a, peek: { node: n0, key: k1 }, choices: [v1, v2] }',
        '  - prompt: p',
        '    do: [put n0 k1 v3, tick 500]',
        '    question:',
        '      kind: choice',
        '      ask: a',
        '      choices:',
        '        - { text: committed, when: { reply: { request: c4, ok: true } } }',
        '        - { text: refused, when: { reply: { request: c4, ok: false } } }',
        '        - { text: waiting, when: { reply: { request: c4, answered: false } } }',
      ].join('\n'),
      'truths',
    );
    expect(answers(playLesson(lesson))).toEqual(['yes', 'v2', 'v1', 'refused']);
  });

  it('refuses a free choice where no choice, or more than one, holds', () => {
    const lesson = parseLesson(
      [
        'title: T',
        'summary: S',
        'seed: 1',
        'steps:',
        '  - prompt: p',
        '    do: [put n0 k1 v1, stabilize]',
        '    question:',
        '      kind: choice',
        '      ask: a',
        '      choices:',
        '        - { text: ok, when: { reply: { request: c1, ok: true } } }',
        '        - { text: chosen, when: { event: { type: chosen, key: k1 } } }',
      ].join('\n'),
      'both',
    );
    expect(() => playLesson(lesson)).toThrow(
      'line 5, steps[0].question: exactly one choice must hold after the step; 2 did',
    );
  });
});
