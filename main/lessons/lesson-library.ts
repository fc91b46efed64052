/**
 * The lessons the console offers: every `*.yaml` in the lessons folder (the repository's `lessons/`),
 * each read and validated by app/lessons, so a bad file is listed with the line and field at fault
 * rather than hidden.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { invalidInput } from '../../app/contract/errors';
import type { LessonEntry } from '../../app/contract/lesson-commands';
import { LessonError, parseLesson } from '../../app/lessons/lesson-file';
import type { Lesson } from '../../app/lessons/lesson-schema';
import { findPackageRoot } from '../../node-agent';

/** The repository's lessons folder, found from this module whether it runs from source or a bundle. */
export function defaultLessonsDir(): string {
  return join(findPackageRoot(dirname(fileURLToPath(import.meta.url))), 'lessons');
}

function lessonIds(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => name.slice(0, -'.yaml'.length))
    .sort();
}

/** Every lesson file in `dir`, in name order; a refused one carries its error. */
export function listLessons(dir: string): LessonEntry[] {
  return lessonIds(dir).map((id) => {
    try {
      const lesson = parseLesson(readFileSync(join(dir, `${id}.yaml`), 'utf8'), id);
      const { title, summary, plays } = lesson;
      return { id, title, summary, steps: lesson.steps.length, plays, error: null };
    } catch (error) {
      if (!(error instanceof LessonError)) throw error;
      const fileError = { line: error.line, field: error.field, message: error.message };
      return { id, title: null, summary: null, steps: 0, plays: [], error: fileError };
    }
  });
}

/** One lesson by id (its file name), validated; an unknown id or a bad file is refused naming `id`. */
export function loadLesson(dir: string, id: string): Lesson {
  if (!lessonIds(dir).includes(id)) {
    throw invalidInput({ field: 'id', reason: `no lesson "${id}" in ${dir}` });
  }
  try {
    return parseLesson(readFileSync(join(dir, `${id}.yaml`), 'utf8'), id);
  } catch (error) {
    if (error instanceof LessonError)
      throw invalidInput({ field: 'id', reason: `${id}.yaml: ${error.message}` });
    throw error;
  }
}
