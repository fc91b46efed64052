/**
 * What the lessons panel asks of main: the list, open a lesson (whatever cluster runs makes way for
 * the lesson's own, simulated or real agents), move through it, close it. Every answer goes into the store at once;
 * a refusal becomes a notice naming the field.
 */
import type { LessonAction, LessonView } from '../../../app/contract/lesson-commands';
import type { LessonTarget } from '../../../app/lessons/lesson-schema';
import type { ConsoleHandle } from '../../actions/console-handle';
import { makeWayForNewCluster } from '../../actions/make-way';
import { pushFailure } from '../../actions/notices';
import { refreshSimulation } from '../simulation/simulation-actions';

export async function listLessons(consoleHandle: ConsoleHandle): Promise<void> {
  try {
    const { lessons } = await consoleHandle.client.call('listLessons', {});
    consoleHandle.store.setState({ lessons });
  } catch (error) {
    pushFailure(consoleHandle.store, 'Lessons', error);
  }
}

export async function openLesson(
  consoleHandle: ConsoleHandle,
  id: string,
  on: LessonTarget = 'simulator',
): Promise<void> {
  try {
    await makeWayForNewCluster(consoleHandle);
    const lesson = await consoleHandle.client.call('openLesson', { id, on });
    consoleHandle.store.setState({ lesson, shared: null });
    void refreshSimulation(consoleHandle);
  } catch (error) {
    pushFailure(consoleHandle.store, `Lesson ${id}`, error);
  }
}

export async function actOnLesson(consoleHandle: ConsoleHandle, action: LessonAction): Promise<void> {
  try {
    const lesson = await consoleHandle.client.call('lessonAct', action);
    consoleHandle.store.setState({ lesson });
    void refreshSimulation(consoleHandle);
  } catch (error) {
    pushFailure(consoleHandle.store, 'Lesson', error);
  }
}

export async function refreshLesson(consoleHandle: ConsoleHandle): Promise<LessonView | null> {
  try {
    const lesson = await consoleHandle.client.call('lessonView', {});
    consoleHandle.store.setState({ lesson });
    return lesson;
  } catch {
    consoleHandle.store.setState({ lesson: null });
    return null;
  }
}
