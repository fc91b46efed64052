/**
 * The console's lesson commands: list the lessons, open one (a simulated cluster started paused from
 * the lesson's seed and options, through the same start as any simulated cluster), move through it,
 * close it. A lesson lives as long as its cluster: once that cluster is stopped or replaced, no lesson
 * is open.
 */
import { contractFailure, invalidInput } from '../../app/contract/errors';
import type { LessonAction, LessonEntry, LessonView } from '../../app/contract/lesson-commands';
import { startSimulatedInputSchema } from '../../app/contract/simulation-commands';
import { LessonError } from '../../app/lessons/lesson-file';
import { playLesson, type PlayedLesson } from '../../app/lessons/lesson-player';
import type { Lesson } from '../../app/lessons/lesson-schema';
import { scenarioToFragment } from '../../app/simulator/scenario-share';
import { startSimulatedCluster } from '../console/cluster-commands';
import type { ConsoleContext } from '../console/console-context';
import { requireSimulated } from '../simulated/simulation-commands';
import { defaultLessonsDir, listLessons, loadLesson } from './lesson-library';
import { LessonRun } from './lesson-run';

export class LessonService {
  private run: LessonRun | null = null;

  constructor(
    private readonly context: ConsoleContext,
    private readonly dir = defaultLessonsDir(),
  ) {}

  list(): { lessons: LessonEntry[] } {
    return { lessons: listLessons(this.dir) };
  }

  async open(id: string): Promise<LessonView> {
    const played = playedLesson(loadLesson(this.dir, id));
    // The cluster starts where the player's simulation started: same seed and options, no inputs yet.
    const start = { seed: played.run.seed, options: played.run.options, inputs: [] };
    const scenario = scenarioToFragment(start);
    await startSimulatedCluster(this.context, startSimulatedInputSchema.parse({ scenario, paused: true }));
    this.run = new LessonRun(played, requireSimulated(this.context));
    return this.run.view();
  }

  view(): LessonView | null {
    return this.current()?.view() ?? null;
  }

  act(action: LessonAction): LessonView | null {
    const run = this.current();
    if (!run) throw contractFailure('INVALID_STATE', '(lesson)', 'no lesson is open');
    switch (action.action) {
      case 'next':
        run.next();
        break;
      case 'back':
        run.back();
        break;
      case 'answer':
        run.answer(action.choice);
        break;
      case 'close':
        this.run = null;
        return null;
    }
    return run.view();
  }

  /** The open lesson while its cluster is still the console's. */
  private current(): LessonRun | null {
    if (this.run && this.context.session !== this.run.session) this.run = null;
    return this.run;
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
