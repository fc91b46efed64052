import { describe, expect, it } from 'vitest';
import { LessonError, lessonFileCharsMax, parseLesson } from '../../../app/lessons/lesson-file';
import { playLesson } from '../../../app/lessons/lesson-player';

const header = ['title: T', 'summary: S', 'seed: 1'];

/** The error parsing (or playing) `lines` gives, as "line N, field: reason". */
function refusal(lines: string[], play = false): LessonError {
  try {
    const lesson = parseLesson(lines.join('\n'), 'test');
    if (play) playLesson(lesson);
  } catch (error) {
    expect(error).toBeInstanceOf(LessonError);
    return error as LessonError;
  }
  throw new Error('the lesson was accepted');
}

describe('lesson files', () => {
  it('reads a good lesson, keeping the line of every step and command', () => {
    const lesson = parseLesson(
      [...header, 'steps:', '  - caption: c', '    do:', '      - put n0 k1 v1', '      - stabilize'].join(
        '\n',
      ),
      'good',
    );
    expect(lesson).toMatchObject({ id: 'good', seed: 1, latency: 1, fastPath: true, protocol: 'paxoskv' });
    expect(lesson.lines).toEqual({ plays: 1, 'steps[0]': 5, 'steps[0].do[0]': 7, 'steps[0].do[1]': 8 });
  });

  it('names the line of a YAML syntax error', () => {
    const error = refusal([...header, 'steps: [', '  - caption: x']);
    expect(error.line).toBe(5);
    expect(error.field).toBe('file');
  });

  it('names the line and field of a schema error, with the limit', () => {
    const badKind = refusal([
      ...header,
      'steps:',
      '  - prompt: p',
      '    question:',
      '      kind: guess',
      '      ask: a',
    ]);
    expect(badKind.message).toMatch(/^line 7, steps\[0\]\.question\.kind: /);
    const tooMany = refusal([
      ...header,
      'steps:',
      '  - prompt: p',
      '    question: { kind: which-node, ask: a, chosen: "k1#1", choices: [a, b, c, d, e, f, g, h, i, j] }',
    ]);
    expect(tooMany.message).toBe(
      'line 6, steps[0].question.choices: must offer at most 9 choices (keys 1 to 9 answer)',
    );
    expect(tooMany.limit).toBe(9);
    expect(refusal(['title: T', 'summary: S', 'steps: []']).message).toMatch(/^line 1, seed: /);
    expect(refusal([...header, 'steps:', '  - do: [stabilize]']).message).toBe(
      'line 5, steps[0]: needs a caption or a prompt',
    );
    expect(refusal([...header, "latency: '5..2'", 'steps: [{ caption: c }]']).message).toBe(
      'line 4, latency: MIN must be at most MAX',
    );
    expect(refusal([...header, 'topology: big', 'steps: []']).message).toBe(
      'line 4, topology: lessons use the "default" topology only',
    );
  });

  it('refuses an unknown command and a request named before it is made, at their lines', () => {
    const unknown = refusal([
      ...header,
      'steps:',
      '  - caption: c',
      '    do:',
      '      - put n0 k1 v1',
      '      - jump n0',
    ]);
    expect(unknown.message).toBe('line 8, steps[0].do[1]: unknown command "jump"');
    const early = refusal([
      ...header,
      'steps:',
      '  - caption: c',
      '    do: [put n0 k1 v1]',
      '    expect:',
      '      - reply: { request: c2, ok: true }',
    ]);
    expect(early.message).toBe(
      'line 8, steps[0].expect[0].reply.request: names c2, but only c1 has been made by this step',
    );
    const both = refusal([
      ...header,
      'steps:',
      '  - prompt: p',
      '    do: [get n0 k1]',
      '    question: { kind: which-value, ask: a, request: c1, peek: { node: n0, key: k1 }, choices: [a, b] }',
    ]);
    expect(both.message).toBe('line 7, steps[0].question: needs exactly one of request and peek');
  });

  it('refuses a file over the size limit', () => {
    const error = refusal(['title: ' + 'x'.repeat(lessonFileCharsMax)]);
    expect(error.field).toBe('file');
    expect(error.limit).toBe(lessonFileCharsMax);
  });

  it('names the line of a command the simulator refuses, and of a question the run cannot answer', () => {
    const badNode = refusal([...header, 'steps:', '  - caption: c', '    do:', '      - crash n9'], true);
    expect(badNode.message).toBe('line 7, steps[0].do[0]: input.node: no node "n9"');
    const unanswerable = refusal(
      [
        ...header,
        'steps:',
        '  - prompt: p',
        '    do: [put n0 k1 v1, stabilize, get n2 k1, stabilize]',
        '    question: { kind: which-value, ask: a, request: c2, choices: [v2, none] }',
      ],
      true,
    );
    expect(unanswerable.message).toBe(
      'line 5, steps[0].question: the run\'s answer "v1" is not among the choices',
    );
  });
});
