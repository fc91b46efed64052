/**
 * An open lesson on real agents: the same stops as on the simulator (lesson-stops.ts), but a step runs
 * on the agents when the class first reaches it, and real agents have no past to go back to. Back
 * shows an earlier stop again (its text, its question, what the run did) while the cluster stays where
 * it is; going forward again never runs a step twice. A question asked again after its step ran keeps
 * the answer the run gave.
 */
import { contractFailure, invalidInput } from '../../app/contract/errors';
import type { LessonView } from '../../app/contract/lesson-commands';
import { questionChoices } from '../../app/lessons/question-truth';
import type { StepOutcome } from '../../app/lessons/step-outcome';
import type { ClusterSession } from '../console/cluster-session';
import type { AgentLessonPlayer } from './agent-lesson-player';
import { lessonStops, type LessonStop } from './lesson-stops';
import { lessonView } from './lesson-view';

export class AgentLessonRun {
  private readonly stops: LessonStop[];
  private stopIndex = 0;
  private readonly outcomes: StepOutcome[] = [];
  private readonly picked = new Map<number, number>();
  /** True while a step runs on the agents: the lesson takes no other move meanwhile. */
  private running = false;

  constructor(
    private readonly player: AgentLessonPlayer,
    /** The real cluster the lesson started; the lesson ends with it. */
    readonly session: ClusterSession,
  ) {
    this.stops = lessonStops(player.lesson.steps.map((step) => ({ prompt: step.prompt ?? null })));
  }

  private get stop(): LessonStop {
    return this.stops[this.stopIndex]!;
  }

  private get waiting(): boolean {
    const { kind, step } = this.stop;
    return kind === 'before' && step !== null && this.player.lesson.steps[step]!.question !== undefined;
  }

  async next(): Promise<void> {
    if (this.waiting) {
      const count = questionChoices(this.player.lesson.steps[this.stop.step!]!.question!).length;
      throw contractFailure('INVALID_STATE', 'action', `answer the question first (keys 1 to ${count})`);
    }
    if (this.stopIndex + 1 >= this.stops.length) return;
    await this.moveTo(this.stopIndex + 1);
  }

  back(): void {
    this.refuseWhileRunning();
    if (this.stopIndex === 0) return;
    this.stopIndex -= 1;
    if (this.waiting) this.picked.delete(this.stop.step!);
  }

  async answer(choice: number): Promise<void> {
    const step = this.waiting ? this.stop.step! : null;
    if (step === null)
      throw contractFailure('INVALID_STATE', 'action', 'no question is waiting for an answer');
    const count = questionChoices(this.player.lesson.steps[step]!.question!).length;
    if (choice >= count) {
      throw invalidInput({
        field: 'choice',
        reason: `must be one of the ${count} choices (0 to ${count - 1})`,
        limit: count - 1,
      });
    }
    this.refuseWhileRunning();
    this.picked.set(step, choice);
    await this.moveTo(this.stopIndex + 1);
  }

  /** Moves to a stop, running on the agents every step it needs that has not run yet. */
  private async moveTo(index: number): Promise<void> {
    this.refuseWhileRunning();
    this.running = true;
    try {
      while (this.player.played < this.stops[index]!.played) {
        const outcome = await this.player.next();
        if (outcome) this.outcomes.push(outcome);
      }
      this.stopIndex = index;
    } finally {
      this.running = false;
    }
  }

  private refuseWhileRunning(): void {
    if (this.running)
      throw contractFailure('INVALID_STATE', 'action', 'a step is still running on the agents');
  }

  /** The steps run so far, with what the agents did. */
  get played(): readonly StepOutcome[] {
    return this.outcomes;
  }

  close(): void {
    this.player.dispose();
  }

  view(): LessonView {
    const { step } = this.stop;
    return lessonView({
      lesson: this.player.lesson,
      on: 'real-agents',
      stops: this.stops,
      stopIndex: this.stopIndex,
      outcome: step === null ? null : (this.outcomes[step] ?? null),
      picked: step === null ? undefined : this.picked.get(step),
      waiting: this.waiting,
      onPath: true,
      simStep: 0,
    });
  }
}
