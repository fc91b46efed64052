/**
 * The view of an open lesson at one stop, the same whether the lesson plays on the simulator
 * (lesson-run.ts) or on real agents (agent-lesson-run.ts): the stop's text and question from the file,
 * and, once the step has run, its story, its checks and the question's answer computed from the run.
 */
import type { LessonView } from '../../app/contract/lesson-commands';
import { questionChoices } from '../../app/lessons/question-truth';
import type { Lesson, LessonTarget } from '../../app/lessons/lesson-schema';
import type { StepOutcome } from '../../app/lessons/step-outcome';
import type { LessonStop } from './lesson-stops';

export interface LessonViewInput {
  lesson: Lesson;
  on: LessonTarget;
  stops: readonly LessonStop[];
  stopIndex: number;
  /** The shown step as it ran; null at the intro and before a step runs on real agents. */
  outcome: StepOutcome | null;
  /** The choice the class picked at the shown step's question. */
  picked: number | undefined;
  waiting: boolean;
  onPath: boolean;
  simStep: number;
}

export function lessonView(input: LessonViewInput): LessonView {
  const { lesson, stops, stopIndex, outcome } = input;
  const { kind, step: index } = stops[stopIndex]!;
  const step = index === null ? null : lesson.steps[index]!;
  const after = kind === 'after';
  const question = step?.question ?? null;
  const revealed = after && question !== null && outcome?.question != null;
  return {
    id: lesson.id,
    title: lesson.title,
    summary: lesson.summary,
    seed: lesson.seed,
    on: input.on,
    stepCount: lesson.steps.length,
    stop: stopIndex,
    stopCount: stops.length,
    kind,
    step: index,
    line: index === null ? null : (lesson.lines[`steps[${index}]`] ?? 0),
    text: step ? ((after ? step.caption : step.prompt) ?? null) : null,
    question: question && {
      ask: question.ask,
      choices: questionChoices(question),
      picked: input.picked ?? null,
      answer: revealed ? outcome.question!.answer : null,
      why: revealed ? outcome.question!.why : null,
    },
    story: after && outcome ? outcome.story : [],
    checks: after && outcome ? outcome.checks.map(({ text, held }) => ({ text, held })) : [],
    breaks: after ? (step?.breaks ?? null) : null,
    commands: step ? step.do : [],
    waiting: input.waiting,
    onPath: input.onPath,
    simStep: input.simStep,
  };
}
