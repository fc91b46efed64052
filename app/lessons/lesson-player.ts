/**
 * Plays a lesson on the simulator, one step at a time, for the console's lesson view and presenter
 * mode: each step runs its commands through the golden-scenario session, and comes back with what to
 * show (caption, prompt, the question with its choices and the answer computed from the run), the
 * story the run told (one caption per event that tells it), the checks that make the caption true,
 * and where the run stood before and after (simulated time and the inputs so far, to rebuild or seek).
 */
import { captionOf, tellsTheStory } from '../model/captions';
import type { ClusterEvent } from '../model/cluster-event';
import { defaultTopology, placementGroups } from '../model/topology';
import { createClusterEventRecorder } from '../simulator/cluster-events';
import type { SimInput } from '../simulator/inputs';
import { exportRun, type RunExport } from '../simulator/run-export';
import { ScenarioSession } from '../simulator/scenario-session';
import type { SimObserver } from '../simulator/sim-observer';
import { LessonError } from './lesson-file';
import type { Condition, Lesson, LessonStep, Peek } from './lesson-schema';
import { QuestionTruthError, questionTruth } from './question-truth';
import { ChosenProposers, conditionHolds, describeCondition, peekValue, type PeekResult } from './run-facts';

/** Where the run stands: simulated time and how many inputs produced it (a prefix of the run's inputs). */
export interface RunMark {
  atMs: number;
  inputCount: number;
}

export interface AskedQuestion {
  ask: string;
  choices: string[];
  /** Index into choices of the right one, computed from the run. */
  answer: number;
  /** The lesson's explanation, said after the answer (the step's story captions add the run's facts). */
  why: string | null;
}

/** A one-replica read made by a `peek` command: a read with no Paxos, for the checker to judge. */
export interface PeekRead extends Peek, PeekResult {
  atMs: number;
}

export interface PlayedStep {
  /** The step's position in the lesson, from 0. */
  index: number;
  /** The step's line in the lesson file. */
  line: number;
  caption: string | null;
  prompt: string | null;
  question: AskedQuestion | null;
  /** Each command with what it printed (trace lines, or a query's answer). */
  commands: { text: string; line: number; output: string[] }[];
  /** The cluster's events during the step (app/model/cluster-event.ts). */
  events: ClusterEvent[];
  /** One caption per event that tells the protocol's story (app/model/captions.ts). */
  story: string[];
  peeks: PeekRead[];
  /** The step's expectations and whether the run met them. */
  checks: { condition: Condition; text: string; held: boolean }[];
  /** A check the lesson says this step breaks on purpose. */
  breaks: LessonStep['breaks'] | null;
  /** The state to show with the prompt and question (before), and with the caption's end (after). */
  before: RunMark;
  after: RunMark;
  /** The inputs this step applied, to replay it on another simulation of the same run. */
  inputs: SimInput[];
}

export interface PlayedLesson {
  lesson: Lesson;
  steps: PlayedStep[];
  /** The whole run, to share (app/simulator/scenario-share.ts) or rebuild. */
  run: RunExport;
  /** Expectations the run did not meet, naming the step's line: empty for a true lesson. */
  problems: string[];
}

export class LessonPlayer {
  private readonly session: ScenarioSession;
  private readonly events: ClusterEvent[] = [];
  private readonly proposers = new ChosenProposers();
  private nextStep = 0;

  /** `observers` watch the run too (checkers, a view); they never change it. */
  constructor(
    readonly lesson: Lesson,
    observers: SimObserver[] = [],
  ) {
    const nodes = placementGroups(defaultTopology()).flatMap((group) => group.members);
    const recorder = createClusterEventRecorder(nodes, (event) => this.events.push(event), lesson.protocol);
    this.session = new ScenarioSession(() => [recorder, this.proposers, ...observers]);
    const latency = typeof lesson.latency === 'number' ? String(lesson.latency) : lesson.latency;
    const zoneFailures = lesson.zoneFailures === undefined ? '' : ` zoneFailures=${lesson.zoneFailures}`;
    this.runCommand(
      `cluster default seed=${lesson.seed} latency=${latency} fastPath=${lesson.fastPath} ` +
        `protocol=${lesson.protocol}${zoneFailures}`,
      'file',
      1,
    );
    this.events.length = 0;
  }

  /** The simulation as it stands (after the last step played). */
  get simulation() {
    return this.session.current.sim;
  }

  get done(): boolean {
    return this.nextStep >= this.lesson.steps.length;
  }

  /** Plays the next step and returns it; null once the lesson is over. */
  next(): PlayedStep | null {
    if (this.done) return null;
    const index = this.nextStep++;
    const step = this.lesson.steps[index]!;
    const before = this.mark();
    this.events.length = 0;
    const peeks: PeekRead[] = [];
    const commands = step.do.map((text, c) => {
      const line = this.lesson.lines[`steps[${index}].do[${c}]`] ?? 0;
      const peek = /^peek\s+(\S+)\s+(\S+)$/.exec(text);
      if (!peek) return { text, line, output: this.runCommand(text, `steps[${index}].do[${c}]`, line) };
      const read = { node: peek[1]!, key: peek[2]!, atMs: this.simulation.nowMs };
      const result = { ...read, ...peekValue(this.simulation, read) };
      peeks.push(result);
      return {
        text,
        line,
        output: [
          `t=${read.atMs} ${read.node} peek ${read.key} value=${result.value} version=${result.version}`,
        ],
      };
    });
    const events = [...this.events];
    return {
      index,
      line: this.lesson.lines[`steps[${index}]`] ?? 0,
      caption: step.caption ?? null,
      prompt: step.prompt ?? null,
      question: this.ask(step, index, events),
      commands,
      events,
      story: events.filter(tellsTheStory).map(captionOf),
      peeks,
      checks: step.expect.map((condition) => ({
        condition,
        text: describeCondition(condition),
        held: conditionHolds(this.simulation, events, condition),
      })),
      breaks: step.breaks ?? null,
      before,
      after: this.mark(),
      inputs: this.session.current.inputs().slice(before.inputCount),
    };
  }

  private mark(): RunMark {
    return { atMs: this.simulation.nowMs, inputCount: this.session.current.inputs().length };
  }

  private ask(step: LessonStep, index: number, events: ClusterEvent[]): AskedQuestion | null {
    const question = step.question;
    if (!question) return null;
    try {
      const truth = questionTruth(question, { sim: this.simulation, events, proposers: this.proposers });
      return { ask: question.ask, ...truth, why: question.why ?? null };
    } catch (error) {
      if (!(error instanceof QuestionTruthError)) throw error;
      throw new LessonError(
        this.lesson.lines[`steps[${index}]`] ?? 0,
        `steps[${index}].question`,
        error.message,
      );
    }
  }

  /** Runs one session command; a command the simulator refuses is the lesson's error, at its line. */
  private runCommand(command: string, field: string, line: number): string[] {
    const output = this.session.run(command);
    const refused = output.find((text) => text.startsWith('error: '));
    if (refused) throw new LessonError(line, field, refused.slice('error: '.length));
    return output.length === 1 && output[0] === 'ok' ? [] : output;
  }

  /** The run so far as an export. */
  run(): RunExport {
    return exportRun(this.session.current);
  }
}

/** Plays every step; the problems list the expectations the run did not meet. */
export function playLesson(lesson: Lesson, observers: SimObserver[] = []): PlayedLesson {
  const player = new LessonPlayer(lesson, observers);
  const steps: PlayedStep[] = [];
  for (let step = player.next(); step; step = player.next()) steps.push(step);
  const problems = steps.flatMap((step) =>
    step.checks
      .filter((check) => !check.held)
      .map((check) => `line ${step.line}, steps[${step.index}]: expected ${check.text}`),
  );
  return { lesson, steps, run: player.run(), problems };
}
