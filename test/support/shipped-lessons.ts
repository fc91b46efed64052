/** The lessons shipped in lessons/, parsed, for the tests that play or inspect them. */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseLesson } from '../../app/lessons/lesson-file';
import type { Lesson } from '../../app/lessons/lesson-schema';

export const lessonsFolder = join(import.meta.dirname, '..', '..', 'lessons');

export function shippedLessonFiles(): string[] {
  return readdirSync(lessonsFolder)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => join(lessonsFolder, name));
}

export function readLesson(file: string): Lesson {
  return parseLesson(readFileSync(file, 'utf8'), basename(file, '.yaml'));
}
