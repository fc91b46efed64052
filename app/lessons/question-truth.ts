/**
 * The answer to a lesson's question, computed from the run after the step: the lesson names what to
 * ask (a request, a peek, an entry, or conditions) and this reads the truth from the run's facts, the
 * simulator's or real agents'.
 */
import type { ClusterEvent } from '../model/cluster-event';
import type { Question } from './lesson-schema';
import { conditionHolds, readAnswer, type RunFacts } from './run-facts';

export interface QuestionTruth {
  /** The choices in the order shown; keys 1 to 9 pick them. */
  choices: string[];
  /** Index into choices of the right one. */
  answer: number;
}

/** A question whose truth the run does not give (a lesson to fix): the reason. */
export class QuestionTruthError extends Error {
  override name = 'QuestionTruthError';
}

/** What the run shows after the step: its facts and the step's events. */
export interface RunView {
  facts: RunFacts;
  events: readonly ClusterEvent[];
}

/** The choices a question offers, in the order shown, before the run answers it. */
export function questionChoices(question: Question): string[] {
  switch (question.kind) {
    case 'will-commit':
      return ['yes', 'no'];
    case 'choice':
      return question.choices.map((choice) => choice.text);
    default:
      return question.choices;
  }
}

export function questionTruth(question: Question, { facts, events }: RunView): QuestionTruth {
  switch (question.kind) {
    case 'will-commit': {
      const reply = facts.reply(question.request);
      return { choices: questionChoices(question), answer: reply?.ok ? 0 : 1 };
    }
    case 'which-value': {
      const got = question.peek
        ? facts.peek(question.peek).value
        : readAnswer(facts.reply(question.request!));
      return among(question.choices, got);
    }
    case 'which-node': {
      const proposer = facts.proposer(question.chosen);
      if (proposer === null) throw new QuestionTruthError(`no value has been chosen at ${question.chosen}`);
      return among(question.choices, proposer);
    }
    case 'choice': {
      const holding = question.choices.flatMap((choice, i) =>
        conditionHolds(facts, events, choice.when) ? [i] : [],
      );
      if (holding.length !== 1) {
        throw new QuestionTruthError(`exactly one choice must hold after the step; ${holding.length} did`);
      }
      return { choices: questionChoices(question), answer: holding[0]! };
    }
  }
}

function among(choices: string[], got: string): QuestionTruth {
  const answer = choices.indexOf(got);
  if (answer < 0) throw new QuestionTruthError(`the run's answer "${got}" is not among the choices`);
  return { choices, answer };
}
