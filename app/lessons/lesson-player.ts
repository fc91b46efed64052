/**
 * Plays a lesson on the simulator, one step at a time, for the console's lesson view and presenter
 * mode: each step runs its commands through the golden-scenario session, and comes back with what to
 * show (step-outcome.ts: caption, prompt, the question with the answer computed from the run, the
 * story, the checks that make the caption true), and where the run stood before and after (simulated time and the inputs so far, to rebuild or seek).
 */
import type { ClusterEvent } from '../model/cluster-event';
import { defaultTopology, placementGroups } from '../model/topology';
import { createClusterEventRecorder } from '../simulator/cluster-events';
import type { SimInput } from '../simulator/inputs';
import { exportRun, type RunExport } from '../simulator/run-export';
import { ScenarioSession } from '../simulator/scenario-session';
import type { SimObserver } from '../simulator/sim-observer';
import { LessonError } from './lesson-file';
import type { Lesson } from './lesson-schema';
import { ChosenProposers, peekValue, simulationFacts } from './run-facts';
import { stepOutcome, unmetChecks, type PeekRead, type StepOutcome } from './step-outcome';

/** Where the run stands: simulated time and how many inputs produced it (a prefix of the run's inputs). */
export interface RunMark {
  atMs: number;
  inputCount: number;
}

export interface PlayedStep extends StepOutcome {
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
    const facts = simulationFacts(this.simulation, this.proposers);
    return {
      ...stepOutcome(this.lesson, index, { commands, peeks, events }, facts),
      before,
      after: this.mark(),
      inputs: this.session.current.inputs().slice(before.inputCount),
    };
  }

  private mark(): RunMark {
    return { atMs: this.simulation.nowMs, inputCount: this.session.current.inputs().length };
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
  return { lesson, steps, run: player.run(), problems: unmetChecks(steps) };
}
