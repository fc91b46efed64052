/**
 * Lessons on real agents (docs/lessons.md, "On real agents"): the console starts six agents for the
 * lesson, plays every step through its own KV, fault and node services, and judges each step from
 * what the agents did. The fast-path lesson plays to its end here with every expectation met (the
 * other four that list real-agents take 20–35 s each on a busy machine: docs/lessons.md says how they
 * were checked); a simulator-only lesson is refused, naming the step and line that needs the simulator.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { LessonView } from '../../../app/contract/lesson-commands';
import { ConsoleService } from '../../../main/console/console-service';
import { tempDir } from '../../support/temp-dir';
import { call, refusal } from '../main/console-support';

const service = new ConsoleService({
  runsRoot: tempDir('agent-lessons'),
  healthIntervalMs: 200,
  readyTimeoutMs: 30_000,
});

afterAll(async () => {
  await service.shutdown();
});

/** Plays the open lesson to its end, answering each question with its first choice; the views after each step. */
async function playToEnd(view: LessonView): Promise<LessonView[]> {
  const played: LessonView[] = [];
  while (view.stop + 1 < view.stopCount) {
    view = (await call(
      service,
      'lessonAct',
      view.waiting ? { action: 'answer', choice: 0 } : { action: 'next' },
    ))!;
    if (view.kind === 'after') played.push(view);
  }
  return played;
}

describe('lessons on real agents', () => {
  it('refuses a lesson that needs the simulator, naming the step and line', async () => {
    const error = await refusal(service, 'openLesson', { id: 'dueling-proposers', on: 'real-agents' });
    expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'on' });
    expect(error.message).toMatch(
      /dueling-proposers\.yaml plays on the simulator only: line \d+, steps\[0\]\.do\[0\]: "hold" needs the simulator/,
    );
    expect((await call(service, 'getSnapshot', {})).cluster.mode).toBe('none');
  });

  it('plays the fast-path lesson to its end on real agents, every check held and answers from the run', async () => {
    const opened = await call(service, 'openLesson', { id: 'fast-path-write', on: 'real-agents' });
    expect(opened).toMatchObject({ on: 'real-agents', kind: 'intro' });
    expect((await call(service, 'getSnapshot', {})).cluster).toMatchObject({
      mode: 'spawned',
      phase: 'running',
    });
    const played = await playToEnd(opened);
    expect(played).toHaveLength(3);
    for (const view of played) {
      expect(view.checks.filter((check) => !check.held)).toEqual([]);
      expect(view.story.length).toBeGreaterThan(0);
    }
    // The live story names the real prepare at k1#1, and the answers are what the agents did.
    expect(played[0]!.story.join('\n')).toMatch(/n0.*k1#1/);
    expect(played[1]!.question).toMatchObject({ picked: 0, answer: 1 });
    expect(played[2]!.question).toMatchObject({ picked: 0, answer: 1 });
    // Back shows an earlier stop again; the agents stay where they are, and no step runs twice.
    const back = (await call(service, 'lessonAct', { action: 'back' }))!;
    expect(back).toMatchObject({ kind: 'before', step: 2, waiting: true });
    const again = (await call(service, 'lessonAct', { action: 'answer', choice: 1 }))!;
    expect(again.question).toMatchObject({ picked: 1, answer: 1 });
    await call(service, 'stopCluster', {});
    expect(await call(service, 'lessonView', {})).toBeNull();
  });
});
