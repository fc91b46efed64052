/**
 * An open lesson on the console's simulated cluster. app/lessons' player has played the whole lesson
 * on a simulation of its own (the same seed and options as the cluster), which gives each step's
 * caption, story, checks, the question's computed answer, and the inputs the step applied; this moves
 * the console's cluster to match, applying a step's inputs when the class first reaches it and going
 * back and forth through the cluster's own history (and branch tree) after that. The cluster stays the
 * class's to poke at: a stop it was moved away from is found again at the next move.
 */
import { contractFailure, invalidInput } from '../../app/contract/errors';
import type { LessonView } from '../../app/contract/lesson-commands';
import type { PlayedLesson, PlayedStep } from '../../app/lessons/lesson-player';
import type { SimulatedSession } from '../simulated/simulated-session';
import { lessonStops, type LessonStop } from './lesson-stops';
import { lessonView } from './lesson-view';

/** Where the cluster stood after a number of the lesson's steps: a branch and a step on it. */
interface Mark {
  branchId: number;
  simStep: number;
}

export class LessonRun {
  private readonly stops: LessonStop[];
  private stopIndex = 0;
  /** marks[k]: the cluster after k of the lesson's steps, once reached. */
  private readonly marks: (Mark | undefined)[];
  /** The choice picked for each answered step's question. */
  private readonly picked = new Map<number, number>();

  constructor(
    readonly played: PlayedLesson,
    readonly session: SimulatedSession,
  ) {
    this.stops = lessonStops(played.steps);
    this.marks = [this.markHere()];
  }

  private get stop(): LessonStop {
    return this.stops[this.stopIndex]!;
  }

  private get waiting(): boolean {
    const { kind, step } = this.stop;
    return kind === 'before' && step !== null && this.played.steps[step]!.question !== null;
  }

  next(): void {
    if (this.waiting) {
      const count = this.shownStep()!.question!.choices.length;
      throw contractFailure('INVALID_STATE', 'action', `answer the question first (keys 1 to ${count})`);
    }
    if (this.stopIndex + 1 >= this.stops.length) return;
    this.moveTo(this.stopIndex + 1);
  }

  back(): void {
    if (this.stopIndex === 0) return;
    this.moveTo(this.stopIndex - 1);
    // Back at a question: the class may answer it again.
    if (this.waiting) this.picked.delete(this.stop.step!);
  }

  answer(choice: number): void {
    const question = this.waiting ? this.shownStep()!.question : null;
    if (!question) throw contractFailure('INVALID_STATE', 'action', 'no question is waiting for an answer');
    if (choice >= question.choices.length) {
      throw invalidInput({
        field: 'choice',
        reason: `must be one of the ${question.choices.length} choices (0 to ${question.choices.length - 1})`,
        limit: question.choices.length - 1,
      });
    }
    this.picked.set(this.stop.step!, choice);
    this.moveTo(this.stopIndex + 1);
  }

  private shownStep(): PlayedStep | null {
    return this.stop.step === null ? null : this.played.steps[this.stop.step]!;
  }

  private moveTo(index: number): void {
    const target = this.stops[index]!;
    this.session.clock.pause();
    this.reach(target.played);
    this.stopIndex = index;
  }

  /** Puts the cluster where it stood after `played` steps, playing the last one if it was never reached. */
  private reach(played: number): void {
    const known = this.marks[played];
    if (known && this.seek(known)) return;
    const from = this.marks[played - 1];
    if (!from || !this.seek(from)) {
      throw contractFailure('INVALID_STATE', '(lesson)', "the lesson's path is no longer in the branch tree");
    }
    // In the cluster's past this starts a new branch; the branch left keeps its future.
    for (const input of this.played.steps[played - 1]!.inputs) this.session.cluster.input(input);
    this.marks[played] = this.markHere();
  }

  /** Moves the cluster to a mark; false when its branch no longer reaches it. */
  private seek(mark: Mark): boolean {
    const cluster = this.session.cluster;
    if (cluster.tree.current.id !== mark.branchId) cluster.switchBranch(mark.branchId);
    const ahead = cluster.stepCount - mark.simStep;
    if (ahead > 0) cluster.back(ahead);
    else if (ahead < 0) cluster.forward(-ahead);
    return this.at(mark);
  }

  private at(mark: Mark): boolean {
    const cluster = this.session.cluster;
    return cluster.tree.current.id === mark.branchId && cluster.stepCount === mark.simStep;
  }

  private markHere(): Mark {
    return { branchId: this.session.cluster.tree.current.id, simStep: this.session.cluster.stepCount };
  }

  view(): LessonView {
    const { step: index, played } = this.stop;
    const mark = this.marks[played];
    return lessonView({
      lesson: this.played.lesson,
      on: 'simulator',
      stops: this.stops,
      stopIndex: this.stopIndex,
      outcome: this.shownStep(),
      picked: index === null ? undefined : this.picked.get(index),
      waiting: this.waiting,
      onPath: mark !== undefined && this.at(mark),
      simStep: mark?.simStep ?? this.session.cluster.stepCount,
    });
  }
}
