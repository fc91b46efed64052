/**
 * A lesson names its protocol (and WPaxos's F): the file is validated with line and field, and the
 * player builds the simulated cluster with that protocol and topology, so the run is that protocol's.
 */
import { describe, expect, it } from 'vitest';
import { LessonError, parseLesson } from '../../../app/lessons/lesson-file';
import { playLesson } from '../../../app/lessons/lesson-player';

const header = ['title: T', 'summary: S', 'seed: 1'];

function refusal(lines: string[]): LessonError {
  try {
    parseLesson(lines.join('\n'), 'test');
  } catch (error) {
    expect(error).toBeInstanceOf(LessonError);
    return error as LessonError;
  }
  throw new Error('the lesson was accepted');
}

describe('a lesson on any protocol', () => {
  it('refuses an unknown protocol, and zoneFailures outside WPaxos or above 2, naming line and field', () => {
    expect(refusal([...header, 'protocol: raft', 'steps: [{ caption: c }]']).message).toMatch(
      /^line 4, protocol: /,
    );
    expect(refusal([...header, 'zoneFailures: 1', 'steps: [{ caption: c }]']).message).toBe(
      "line 4, zoneFailures: is WPaxos's setting: give it only with protocol: wpaxos",
    );
    const tooMany = refusal([...header, 'protocol: wpaxos', 'zoneFailures: 3', 'steps: [{ caption: c }]']);
    expect(tooMany.message).toMatch(/^line 5, zoneFailures: must be at most 2/);
  });

  it("refuses what reads PaxosKV's PLog in another protocol's lesson", () => {
    const peek = refusal([
      ...header,
      'protocol: certain',
      'steps:',
      '  - caption: c',
      '    do: [peek n0 k1]',
    ]);
    expect(peek.message).toBe(
      `line 7, steps[0].do[0]: "peek" reads PaxosKV's PLog: a certain lesson cannot use it`,
    );
    const whichNode = refusal([
      ...header,
      'protocol: wpaxos',
      'steps:',
      '  - prompt: p',
      '    do: [put n0 k1 v1, stabilize]',
      '    question: { kind: which-node, ask: a, chosen: "k1#1", choices: [n0, n1] }',
    ]);
    expect(whichNode.message).toMatch(/^line 8, steps\[0\]\.question\.kind: which-node reads PaxosKV's PLog/);
  });

  it('plays on the protocol and F it names, and the run it shares says so', () => {
    const lesson = parseLesson(
      [
        ...header,
        'protocol: wpaxos',
        'zoneFailures: 1',
        'steps:',
        '  - caption: c',
        '    do: [put n0 k1 v1, stabilize]',
        '    expect:',
        '      - event: { type: protocolStep, step: stole, agent: n0, key: k1 }',
        '      - reply: { request: c1, ok: true }',
      ].join('\n'),
      'wpaxos',
    );
    const played = playLesson(lesson);
    expect(played.problems).toEqual([]);
    expect(played.run.options?.protocol).toBe('wpaxos');
    expect(played.run.options?.topology?.zoneFailures).toBe(1);
    // F = 1: a steal's Q1 is majorities of 2 of the 3 zones.
    expect(played.steps[0]!.story.join('\n')).toMatch(/Q1 = majorities of 2 of the 3 zones/);
  });

  it('a PaxosKV lesson still runs PaxosKV', () => {
    const lesson = parseLesson(
      [...header, 'steps:', '  - caption: c', '    do: [put n0 k1 v1, stabilize]'].join('\n'),
      'kv',
    );
    expect(playLesson(lesson).run.options?.protocol).toBe('paxoskv');
  });
});
