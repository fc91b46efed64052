/**
 * The lessons panel (docs/lessons.md, "In the console"): where to play (a simulated cluster, or real
 * agents started for the lesson), the shipped lessons, each a button that opens it there (a lesson
 * that plays on the simulator only cannot be picked for real agents; a file main refused shows its
 * line and field instead), the open lesson, and sharing the simulated run. It also opens a lesson named in the address (#lesson=NAME) and takes
 * the lesson's keys.
 */
import { useEffect, useState } from 'react';
import type { LessonEntry } from '../../../app/contract/lesson-commands';
import type { LessonTarget } from '../../../app/lessons/lesson-schema';
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
  const [on, setOn] = useState<LessonTarget>('simulator');
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
          <summary>Play a lesson on a simulated cluster or on real agents</summary>
          <div className="lesson-target" role="radiogroup" aria-label="play on">
            {targets.map(({ target, label }) => (
              <label key={target}>
                <input
                  type="radio"
                  name="lesson-target"
                  checked={on === target}
                  onChange={() => setOn(target)}
                />{' '}
                {label}
              </label>
            ))}
          </div>
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
                      onClick={() => void openLesson(consoleHandle, entry.id, on)}
                      disabled={!playsOn(entry, on)}
                      title={playsOn(entry, on) ? (entry.summary ?? '') : simulatorOnlyTitle}
                    >
                      {entry.title}
                      {entry.plays.includes('real-agents') && <span className="tag"> · real agents too</span>}
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

const targets: { target: LessonTarget; label: string }[] = [
  { target: 'simulator', label: 'simulator' },
  { target: 'real-agents', label: 'real agents' },
];

const simulatorOnlyTitle =
  'This lesson plays on the simulator only: a step needs what only the simulator can do (docs/lessons.md)';

function playsOn(entry: LessonEntry, on: LessonTarget): boolean {
  return entry.plays.includes(on);
}
