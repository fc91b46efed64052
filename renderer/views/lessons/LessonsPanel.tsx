/**
 * The lessons panel (docs/lessons.md, "In the console"): the shipped lessons, each a button that opens
 * it on a simulated cluster (a file main refused shows its line and field instead), the open lesson,
 * and sharing the simulated run. It also opens a lesson named in the address (#lesson=NAME) and takes
 * the lesson's keys.
 */
import { useEffect, useState } from 'react';
import { useConsole, useConsoleState } from '../use-console';
import { listLessons, openLesson } from './lesson-actions';
import { LessonPlayer } from './LessonPlayer';
import { SharePanel } from './SharePanel';
import { useLessonKeys } from './use-lesson-keys';
import { useLessonUrl } from './use-lesson-url';
import { useLessonView } from './use-lesson-view';
import './lessons.css';

export function LessonsPanel() {
  const consoleHandle = useConsole();
  useLessonUrl();
  useLessonView();
  useLessonKeys(consoleHandle);
  const connected = useConsoleState((state) => state.connection === 'open');
  const lessons = useConsoleState((state) => state.lessons);
  const lesson = useConsoleState((state) => state.lesson);
  const [listOpen, setListOpen] = useState(false);
  useEffect(() => {
    if (connected && listOpen && lessons === null) void listLessons(consoleHandle);
  }, [connected, listOpen, lessons, consoleHandle]);
  return (
    <section className="panel lessons-panel" aria-label="lessons">
      <h2>Lessons</h2>
      {lesson ? (
        <LessonPlayer consoleHandle={consoleHandle} view={lesson} />
      ) : (
        <details open={listOpen} onToggle={(event) => setListOpen(event.currentTarget.open)}>
          <summary>Play a lesson on a simulated cluster</summary>
          {lessons === null ? (
            <p className="dim">Reading the lessons…</p>
          ) : (
            <ul className="lesson-list">
              {lessons.map((entry) => (
                <li key={entry.id} data-lesson={entry.id}>
                  {entry.error ? (
                    <span className="lesson-error">
                      {entry.id}.yaml is refused: {entry.error.message}
                    </span>
                  ) : (
                    <button
                      onClick={() => void openLesson(consoleHandle, entry.id)}
                      title={entry.summary ?? ''}
                    >
                      {entry.title}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </details>
      )}
      <SharePanel consoleHandle={consoleHandle} />
    </section>
  );
}
