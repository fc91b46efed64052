/**
 * Lessons in the console, through the console service's own dispatch (as both bridges call it): the
 * shipped lessons are listed (a bad file with its line and field), one opens on a simulated cluster
 * that follows the player's run step by step (the PLog the lens reads is the one the captions speak
 * of), a question waits for its answer and then reveals the truth, back puts the cluster where it
 * stood, and the run shares as a fragment that reopens to the same state.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LessonView } from '../../../app/contract/lesson-commands';
import type { SimulationView } from '../../../app/contract/simulation-commands';
import { ConsoleService } from '../../../main/console/console-service';
import { dispatchCommand } from '../../../main/console/dispatch';
import { LessonPlayer } from '../../../app/lessons/lesson-player';
import { defaultLessonsDir, listLessons, loadLesson } from '../../../main/lessons/lesson-library';

let service: ConsoleService;

async function call<T = unknown>(name: string, input: unknown = {}): Promise<T> {
  const reply = await dispatchCommand(service.handlers, name, input);
  if (!reply.ok) throw new Error(`${name}: ${reply.error.field}: ${reply.error.message}`);
  return reply.output as T;
}

async function refused(
  name: string,
  input: unknown,
): Promise<{ code: string; field: string; message: string }> {
  const reply = await dispatchCommand(service.handlers, name, input);
  if (reply.ok) throw new Error(`${name} was not refused`);
  return reply.error;
}

const act = (action: unknown) => call<LessonView>('lessonAct', action);
const simStep = async () => (await call<SimulationView>('simulationView')).stepCount;
const chosenAt = async (nodeId: string, key: string) =>
  (await call<{ header: { chosenIndex: number } | null }>('inspectKey', { nodeId, key })).header
    ?.chosenIndex ?? 0;

beforeAll(() => {
  service = new ConsoleService({ healthIntervalMs: 200 });
});

afterAll(async () => {
  await service.shutdown();
});

describe('lessons in the console', () => {
  it('lists the shipped lessons, and a bad file with the line and field at fault', async () => {
    const { lessons } = await call<{ lessons: { id: string; title: string | null; error: unknown }[] }>(
      'listLessons',
    );
    expect(lessons.length).toBeGreaterThanOrEqual(8);
    expect(lessons.find((lesson) => lesson.id === 'fast-path-write')).toMatchObject({
      title: 'A write on the fast path',
      error: null,
    });
    const dir = mkdtempSync(join(tmpdir(), 'lessons-'));
    writeFileSync(join(dir, 'broken.yaml'), 'title: Broken\nsummary: s\nseed: -1\nsteps: []\n');
    expect(listLessons(dir)).toEqual([
      {
        id: 'broken',
        title: null,
        summary: null,
        steps: 0,
        plays: [],
        error: { line: 3, field: 'seed', message: expect.stringContaining('line 3') as string },
      },
    ]);
  });

  it('plays the fast-path lesson on the console cluster: steps, a question, back and share', async () => {
    expect(await refused('openLesson', { id: 'no-such-lesson' })).toMatchObject({ field: 'id' });
    let view = await call<LessonView>('openLesson', { id: 'fast-path-write' });
    expect(view).toMatchObject({ kind: 'intro', stop: 0, waiting: false, onPath: true, seed: 1 });
    expect(await simStep()).toBe(0);
    expect(await chosenAt('n0', 'k1')).toBe(0);

    view = await act({ action: 'next' });
    expect(view).toMatchObject({ kind: 'after', step: 0, onPath: true });
    expect(view.text).toContain('prepares ballot b(1,3)');
    expect(view.checks.every((check) => check.held)).toBe(true);
    expect(view.story.length).toBeGreaterThan(0);
    expect(await chosenAt('n0', 'k1')).toBe(1);
    const afterFirst = await simStep();

    view = await act({ action: 'next' });
    expect(view).toMatchObject({ kind: 'before', step: 1, waiting: true });
    expect(view.question).toMatchObject({ picked: null, answer: null, why: null });
    expect(await refused('lessonAct', { action: 'next' })).toMatchObject({ code: 'INVALID_STATE' });
    expect(await refused('lessonAct', { action: 'answer', choice: 5 })).toMatchObject({ field: 'choice' });
    expect(await chosenAt('n0', 'k1')).toBe(1);

    view = await act({ action: 'answer', choice: 0 });
    expect(view.kind).toBe('after');
    expect(view.question).toMatchObject({ picked: 0, answer: 1 });
    expect(view.question?.why).toContain('ballot counter 0');
    expect(await chosenAt('n2', 'k1')).toBe(2);
    const afterSecond = await simStep();

    // Back twice: the question again, the cluster where it stood before the second write.
    await act({ action: 'back' });
    expect(await simStep()).toBe(afterFirst);
    expect(await chosenAt('n2', 'k1')).toBe(1);
    view = await act({ action: 'answer', choice: 1 });
    expect(view.question).toMatchObject({ picked: 1, answer: 1 });
    expect(await simStep()).toBe(afterSecond);

    // The class moves the cluster itself; the next move puts it back on the lesson's path.
    await call('simulationAct', { action: 'back', steps: 3 });
    expect((await call<LessonView>('lessonView')).onPath).toBe(false);
    view = await act({ action: 'next' });
    expect(view).toMatchObject({ kind: 'before', step: 2, onPath: true });
    expect(view.question?.choices).toEqual(['v1', 'v2', 'none']);
    view = await act({ action: 'answer', choice: 1 });
    expect(view).toMatchObject({ kind: 'after', step: 2, onPath: true });
    expect(view.question).toMatchObject({ picked: 1, answer: 1 });

    const shared = await call<{ fragment: string; file: string }>('shareScenario');
    expect(shared.fragment).toMatch(/^#sim=/);
    const here = await simStep();
    const chosen = await chosenAt('n4', 'k1');
    await call('stopCluster');
    expect(await call('lessonView')).toBeNull();
    await call('startSimulatedCluster', { scenario: shared.fragment, paused: true });
    expect(await simStep()).toBe(here);
    expect(await chosenAt('n4', 'k1')).toBe(chosen);
    await call('stopCluster');
  });

  it("plays every shipped lesson to its end and back on the console's cluster, in step with the player", async () => {
    const { lessons } = await call<{ lessons: { id: string }[] }>('listLessons');
    for (const { id } of lessons) {
      // The player, one step at a time: its simulation's time and step count after each step.
      const player = new LessonPlayer(loadLesson(defaultLessonsDir(), id));
      const played: { atMs: number; steps: number }[] = [];
      while (player.next()) {
        played.push({ atMs: player.simulation.nowMs, steps: player.simulation.state.stepCount });
      }
      let view = await call<LessonView>('openLesson', { id });
      const times: number[] = [];
      while (view.stop + 1 < view.stopCount) {
        view = await act(view.waiting ? { action: 'answer', choice: 0 } : { action: 'next' });
        const sim = await call<SimulationView>('simulationView');
        if (view.kind === 'after') {
          const here = { atMs: sim.nowMs, steps: sim.stepCount };
          expect(here, `${id} step ${view.step}`).toEqual(played[view.step!]);
          times.push(here.atMs);
        }
        expect(view.onPath).toBe(true);
      }
      expect(times).toHaveLength(played.length);
      while (view.stop > 0) view = await act({ action: 'back' });
      expect(await simStep()).toBe(0);
      await call('stopCluster');
    }
  });
});
