import { describe, expect, it } from 'vitest';
import { agentCommandOf, simulatorOnlyReason } from '../../../app/lessons/agent-commands';
import { agentRefusal, LessonError, parseLesson } from '../../../app/lessons/lesson-file';
import { defaultTopology } from '../../../app/model/topology';

const header = ['title: T', 'summary: S', 'seed: 1'];

function parse(lines: string[]) {
  return parseLesson(lines.join('\n'), 'test');
}

function refusal(lines: string[]): LessonError {
  try {
    parse(lines);
  } catch (error) {
    expect(error).toBeInstanceOf(LessonError);
    return error as LessonError;
  }
  throw new Error('the lesson was accepted');
}

describe('where a lesson plays', () => {
  it('plays on the simulator only unless its file lists real-agents', () => {
    const plain = parse([...header, 'steps:', '  - caption: c', '    do: [put n0 k1 v1, stabilize]']);
    expect(plain.plays).toEqual(['simulator']);
    expect(agentRefusal(plain)).toBe(
      'plays on the simulator only: its file does not list real-agents in plays (line 1)',
    );
    const both = parse([
      ...header,
      'plays: [simulator, real-agents]',
      'steps:',
      '  - caption: c',
      '    do: [put n0 k1 v1, stabilize, partition dc1 | dc2 dc3, tick 600, crash n2, wipe n0, peek n0 k1]',
    ]);
    expect(both.plays).toEqual(['simulator', 'real-agents']);
    expect(agentRefusal(both)).toBeNull();
  });

  it('names the step and line that needs the simulator when asked for real agents', () => {
    const lesson = parse([
      ...header,
      'steps:',
      '  - caption: c',
      '    do:',
      '      - hold all',
      '      - put n0 k1 v1',
    ]);
    expect(agentRefusal(lesson)).toBe(
      'plays on the simulator only: line 7, steps[0].do[0]: "hold" needs the simulator: ' +
        "hold mode stops real agents' clocks, so held messages do not wait as the lesson means",
    );
  });

  it('refuses a file that lists real-agents but has a step only the simulator can run, at its line', () => {
    const error = refusal([
      ...header,
      'plays: [simulator, real-agents]',
      'steps:',
      '  - caption: c',
      '    do:',
      '      - put n0 k1 v1',
      '      - deliver n0 -> n2 accept',
    ]);
    expect(error.line).toBe(9);
    expect(error.field).toBe('steps[0].do[1]');
    expect(error.message).toBe(
      'line 9, steps[0].do[1]: command: "deliver" needs the simulator: real agents cannot be made to ' +
        'deliver one chosen message; this lesson lists real-agents in plays',
    );
    expect(
      refusal([
        ...header,
        'plays: [simulator, real-agents]',
        'steps:',
        '  - caption: c',
        '    do: [tick 99999]',
      ]).message,
    ).toMatch(/^line 7, steps\[0\]\.do\[0\]: command: tick must be 0 to 30000 ms on real agents/);
    expect(
      refusal([
        ...header,
        'plays: [simulator, real-agents]',
        'steps:',
        '  - caption: c',
        '    do: [put n0 k1 v1 timeout=5]',
      ]).message,
    ).toMatch(/"put … timeout=" needs the simulator/);
  });

  it('refuses a bad plays list and the fast path turned off on real agents, naming the field', () => {
    const step = ['steps:', '  - caption: c', '    do: [stabilize]'];
    expect(refusal([...header, 'plays: [real-agents]', ...step]).message).toBe(
      'line 4, plays: must include simulator: every lesson plays there (npm test plays it)',
    );
    expect(refusal([...header, 'plays: [simulator, simulator]', ...step]).message).toBe(
      'line 4, plays: must not name a place twice',
    );
    expect(refusal([...header, 'plays: [simulator, moon]', ...step]).message).toMatch(
      /^line 4, plays\[1\]: /,
    );
    expect(
      refusal([...header, 'fastPath: false', 'plays: [simulator, real-agents]', ...step]).message,
    ).toMatch(/^line 4, fastPath: must be true on real agents/);
  });

  it('turns commands into what the console does to real agents', () => {
    const topology = defaultTopology();
    expect(agentCommandOf('partition dc1 | dc2 dc3', topology)).toEqual({
      kind: 'fault',
      change: {
        kind: 'partition',
        split: {
          sides: [
            ['n0', 'n3'],
            ['n1', 'n4', 'n2', 'n5'],
          ],
          oneWay: false,
        },
      },
    });
    expect(agentCommandOf('link n0 -> n1 delay=20', topology)).toMatchObject({
      kind: 'fault',
      change: { kind: 'link', rule: { from: 'n0', to: 'n1', delayMs: 20 } },
    });
    expect(agentCommandOf('put n0 k1 v1', topology)).toEqual({
      kind: 'client',
      node: 'n0',
      op: { kind: 'put', key: 'k1', value: 'v1' },
    });
    expect(agentCommandOf('crash n2', topology)).toEqual({ kind: 'node', action: 'kill', node: 'n2' });
    expect(agentCommandOf('wipe n0', topology)).toEqual({
      kind: 'node',
      action: 'wipeAndRestart',
      node: 'n0',
    });
    expect(agentCommandOf('tick 600', topology)).toEqual({ kind: 'wait', ms: 600 });
    expect(simulatorOnlyReason('crash n0 after-persist')).toMatch(/chosen point of its next write/);
    expect(simulatorOnlyReason('stabilize')).toBeNull();
  });
});
