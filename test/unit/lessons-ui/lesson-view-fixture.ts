/** A lesson view as main sends it, for the renderer's tests: three steps, the second with a question. */
import { lessonViewSchema, type LessonView } from '../../../app/contract/lesson-commands';

export function lessonView(patch: Partial<LessonView> = {}): LessonView {
  return lessonViewSchema.parse({
    id: 'fast-path-write',
    title: 'A write on the fast path',
    summary: 'The owner skips the prepare.',
    seed: 1,
    on: 'simulator',
    stepCount: 3,
    stop: 0,
    stopCount: 6,
    kind: 'intro',
    step: null,
    line: null,
    text: null,
    question: {
      ask: 'How does n0 write?',
      choices: ['prepare', 'fast', 'refused'],
      picked: null,
      answer: null,
      why: null,
    },
    story: [],
    checks: [],
    breaks: null,
    commands: [],
    waiting: false,
    onPath: true,
    simStep: 0,
    ...patch,
  });
}
