/**
 * The open lesson: where it is, what to say now (the prompt before a step, the caption after it), the
 * question, and after a step what the run showed: the story of its events and the facts that make the
 * caption true. Back, next and close are buttons as well as keys.
 */
import type { LessonView } from '../../../app/contract/lesson-commands';
import type { ConsoleHandle } from '../../actions/console-handle';
import { lessonAtEnd, lessonProgress, lessonSubtitle } from '../../store/slices/lesson-slice';
import { actOnLesson } from './lesson-actions';
import { lessonKeyHelp } from './lesson-keys';
import { LessonQuestion } from './LessonQuestion';

export function LessonPlayer({ consoleHandle, view }: { consoleHandle: ConsoleHandle; view: LessonView }) {
  const act = (action: 'next' | 'back' | 'close') => void actOnLesson(consoleHandle, { action });
  return (
    <div className="lesson-player" data-kind={view.kind} data-stop={view.stop} data-on={view.on}>
      <h3>
        {view.title} <span className="dim">· {lessonProgress(view)}</span>
      </h3>
      {view.on === 'real-agents' && (
        <p className="lesson-on-agents dim">
          On real agents: each step runs live the first time you reach it; its story and answers are what
          these agents did. Back shows earlier stops again; the agents do not go back.
        </p>
      )}
      <progress max={view.stopCount - 1} value={view.stop} aria-label="lesson progress" />
      {(view.kind === 'intro' || view.text) && (
        <p className="lesson-text" data-testid="lesson-text">
          {view.kind === 'intro' ? view.summary : lessonSubtitle(view)}
        </p>
      )}
      {!view.onPath && (
        <p className="off-path">
          The cluster was moved off the lesson&apos;s path; the next move brings it back.
        </p>
      )}
      <LessonQuestion consoleHandle={consoleHandle} view={view} />
      {view.kind === 'after' && view.story.length > 0 && (
        <details className="lesson-story" open>
          <summary>What the cluster did ({view.story.length})</summary>
          <ol>
            {view.story.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ol>
        </details>
      )}
      {view.kind === 'after' && view.checks.length > 0 && (
        <ul className="lesson-checks">
          {view.checks.map((check, i) => (
            <li key={i} className={check.held ? 'held' : 'missed'}>
              {check.held ? '✓' : '✗'} {check.text}
            </li>
          ))}
          {view.breaks && <li className="breaks">This step breaks {view.breaks} on purpose.</li>}
        </ul>
      )}
      <div className="row">
        <button onClick={() => act('back')} disabled={view.stop === 0} title="Back one stop (←)">
          ◀ Back
        </button>
        <button
          onClick={() => act('next')}
          disabled={view.waiting || lessonAtEnd(view)}
          title="Go on (Space or →)"
        >
          {view.kind === 'intro' ? 'Start ▶' : 'Next ▶'}
        </button>
        <button onClick={() => act('close')} title="Leave the lesson; the cluster stays">
          Close lesson
        </button>
      </div>
      {lessonAtEnd(view) && <p className="dim">The end. Space runs or pauses the cluster.</p>}
      <p className="lesson-keys dim">
        {lessonKeyHelp.map(({ keys, description }) => (
          <span key={keys}>
            <kbd>{keys}</kbd> {description.replace(/^Lesson: /, '')}.{' '}
          </span>
        ))}
      </p>
    </div>
  );
}
