/**
 * What a played step shows, wherever it ran: its caption or prompt, the question with the answer
 * computed from the run's facts, the story its events told (one caption per event that tells it), and
 * the checks that make its caption true. The simulator's player (lesson-player.ts) and main's agent
 * player (main/lessons/agent-lesson-player.ts) both build it here, so a step is judged the same way on
 * both.
 */
import { captionOf, tellsTheStory } from '../model/captions';
import type { ClusterEvent } from '../model/cluster-event';
import { LessonError } from './lesson-file';
import type { Condition, Lesson, LessonStep, Peek } from './lesson-schema';
import { questionChoices, QuestionTruthError, questionTruth } from './question-truth';
import { conditionHolds, describeCondition, type PeekResult, type RunFacts } from './run-facts';

export interface AskedQuestion {
  ask: string;
  choices: string[];
  /**
   * Index into choices of the right one, computed from the run; null when none is what real agents
   * did (then `why` says what they did).
   */
  answer: number | null;
  /** The lesson's explanation, said after the answer (the step's story captions add the run's facts). */
  why: string | null;
}

/** A one-replica read made by a `peek` command: a read with no Paxos, for the checker to judge. */
export interface PeekRead extends Peek, PeekResult {
  /** When it was read: simulated ms, or ms since the lesson's run began on real agents. */
  atMs: number;
}

/** One command of a step as it ran: its text, its line, and what it printed (trace lines, a query's answer). */
export interface CommandRun {
  text: string;
  line: number;
  output: string[];
}

export interface StepOutcome {
  /** The step's position in the lesson, from 0. */
  index: number;
  /** The step's line in the lesson file. */
  line: number;
  caption: string | null;
  prompt: string | null;
  question: AskedQuestion | null;
  commands: CommandRun[];
  /** The cluster's events during the step (app/model/cluster-event.ts). */
  events: ClusterEvent[];
  /** One caption per event that tells the protocol's story (app/model/captions.ts). */
  story: string[];
  peeks: PeekRead[];
  /** The step's expectations and whether the run met them. */
  checks: { condition: Condition; text: string; held: boolean }[];
  /** A check the lesson says this step breaks on purpose. */
  breaks: LessonStep['breaks'] | null;
}

/**
 * Judges step `index` of `lesson` once it ran: its commands, peeks and events, and the run's facts
 * after it. On the simulator a question the run cannot answer is the lesson's error (its file is
 * wrong); on real agents (`onAgents`) the run may simply differ, and the question says so.
 */
export function stepOutcome(
  lesson: Lesson,
  index: number,
  ran: { commands: CommandRun[]; peeks: PeekRead[]; events: ClusterEvent[] },
  facts: RunFacts,
  onAgents = false,
): StepOutcome {
  const step = lesson.steps[index]!;
  const line = lesson.lines[`steps[${index}]`] ?? 0;
  return {
    index,
    line,
    caption: step.caption ?? null,
    prompt: step.prompt ?? null,
    question: ask(step, index, line, facts, ran.events, onAgents),
    commands: ran.commands,
    events: ran.events,
    story: ran.events.filter(tellsTheStory).map(captionOf),
    peeks: ran.peeks,
    checks: step.expect.map((condition) => ({
      condition,
      text: describeCondition(condition),
      held: conditionHolds(facts, ran.events, condition),
    })),
    breaks: step.breaks ?? null,
  };
}

function ask(
  step: LessonStep,
  index: number,
  line: number,
  facts: RunFacts,
  events: readonly ClusterEvent[],
  onAgents: boolean,
): AskedQuestion | null {
  const question = step.question;
  if (!question) return null;
  try {
    return { ask: question.ask, ...questionTruth(question, { facts, events }), why: question.why ?? null };
  } catch (error) {
    if (!(error instanceof QuestionTruthError)) throw error;
    if (!onAgents) throw new LessonError(line, `steps[${index}].question`, error.message);
    const why = `None of the choices is what these agents did: ${error.message}.`;
    return {
      ask: question.ask,
      choices: questionChoices(question),
      answer: null,
      why: question.why ? `${why} ${question.why}` : why,
    };
  }
}

/** The expectations a run did not meet, each naming its step's line: empty for a true lesson. */
export function unmetChecks(steps: readonly StepOutcome[]): string[] {
  return steps.flatMap((step) =>
    step.checks
      .filter((check) => !check.held)
      .map((check) => `line ${step.line}, steps[${step.index}]: expected ${check.text}`),
  );
}
