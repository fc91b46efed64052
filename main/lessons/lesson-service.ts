/**
 * The console's lesson commands: list the lessons, open one (on a simulated cluster started paused from
 * the lesson's seed and options, through the same start as any simulated cluster; or, for a lesson
 * that lists real-agents, on real agents started for it as the cluster dialog starts them), move
 * through it, close it. A lesson lives as long as its cluster: once that cluster is stopped or
 * replaced, no lesson is open.
 */
import { contractFailure, invalidInput } from '../../app/contract/errors';
import type { LessonAction, LessonEntry, LessonView } from '../../app/contract/lesson-commands';
import { startSimulatedInputSchema } from '../../app/contract/simulation-commands';
import { agentRefusal, LessonError } from '../../app/lessons/lesson-file';
import { playLesson, type PlayedLesson } from '../../app/lessons/lesson-player';
import type { Lesson, LessonTarget } from '../../app/lessons/lesson-schema';
import type { ProtocolName } from '../../app/protocol/protocol';
import { scenarioToFragment } from '../../app/simulator/scenario-share';
import { requireNoCluster, startSimulatedCluster } from '../console/cluster-commands';
import type { ConsoleContext } from '../console/console-context';
import { requireSimulated } from '../simulated/simulation-commands';
import { defaultLessonsDir, listLessons, loadLesson } from './lesson-library';
import { setProtocolPace } from '../console/fault-commands';
import { AgentLessonPlayer, agentLessonPace } from './agent-lesson-player';
import { AgentLessonRun } from './agent-lesson-run';
import { LessonRun } from './lesson-run';

/** Starts real agents running `protocol` on fresh disks, as the cluster dialog's Start does. */
export type AgentStarter = (protocol: ProtocolName) => Promise<unknown>;

export class LessonService {
  private run: LessonRun | AgentLessonRun | null = null;

  constructor(
    private readonly context: ConsoleContext,
    private readonly dir = defaultLessonsDir(),
    /** Null where the console cannot start agents: lessons then play on the simulator only. */
    private readonly startAgents: AgentStarter | null = null,
  ) {}

  list(): { lessons: LessonEntry[] } {
    return { lessons: listLessons(this.dir) };
  }

  async open(id: string, on: LessonTarget = 'simulator'): Promise<LessonView> {
    const lesson = loadLesson(this.dir, id);
    if (on === 'real-agents') return this.openOnAgents(lesson);
    const played = playedLesson(lesson);
    // The cluster starts where the player's simulation started: same seed and options, no inputs yet.
    const start = { seed: played.run.seed, options: played.run.options, inputs: [] };
    const scenario = scenarioToFragment(start);
    await startSimulatedCluster(this.context, startSimulatedInputSchema.parse({ scenario, paused: true }));
    this.run = new LessonRun(played, requireSimulated(this.context));
    return this.run.view();
  }

  /** Real agents, started fresh for the lesson; a lesson whose file does not allow it is refused, naming why. */
  private async openOnAgents(lesson: Lesson): Promise<LessonView> {
    const refusal = agentRefusal(lesson);
    if (refusal) throw invalidInput({ field: 'on', reason: `${lesson.id}.yaml ${refusal}` });
    if (!this.startAgents) {
      throw contractFailure('NOT_SUPPORTED', 'on', 'this console cannot start agents for a lesson');
    }
    requireNoCluster(this.context);
    await this.startAgents(lesson.protocol);
    await setProtocolPace(this.context, { rate: agentLessonPace });
    const run = new AgentLessonRun(
      new AgentLessonPlayer(lesson, this.context),
      this.context.requireSession(),
    );
    this.run = run;
    return run.view();
  }

  view(): LessonView | null {
    return this.current()?.view() ?? null;
  }

  /** Moves through the open lesson; on real agents a move that runs a step answers once it has run. */
  async act(action: LessonAction): Promise<LessonView | null> {
    const run = this.current();
    if (!run) throw contractFailure('INVALID_STATE', '(lesson)', 'no lesson is open');
    switch (action.action) {
      case 'next':
        await run.next();
        break;
      case 'back':
        run.back();
        break;
      case 'answer':
        await run.answer(action.choice);
        break;
      case 'close':
        this.close();
        return null;
    }
    return run.view();
  }

  /** The open lesson while its cluster is still the console's. */
  private current(): LessonRun | AgentLessonRun | null {
    if (this.run && this.context.session !== this.run.session) this.close();
    return this.run;
  }

  private close(): void {
    if (this.run instanceof AgentLessonRun) this.run.close();
    this.run = null;
  }
}

/** The whole lesson played by app/lessons' player; a lesson the simulator refuses names its line. */
function playedLesson(lesson: Lesson): PlayedLesson {
  try {
    return playLesson(lesson);
  } catch (error) {
    if (error instanceof LessonError) {
      throw invalidInput({ field: 'id', reason: `${lesson.id}.yaml: ${error.message}` });
    }
    throw error;
  }
}
