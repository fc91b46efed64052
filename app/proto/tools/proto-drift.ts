/**
 * Regenerates the protobuf code into a scratch directory and compares it with the checked-in copy in
 * app/proto/generated, so that a .proto edit without `npm run proto` fails the build. Node-only: a
 * build tool, never imported by code that ships.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const generatedDir = 'app/proto/generated';

/** One file that differs between the checked-in and the freshly generated code. */
export interface DriftEntry {
  file: string;
  problem: 'missing from checked-in code' | 'not generated any more' | 'content differs';
}

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
      .sort();
  } catch {
    return [];
  }
}

/** Compares two generated trees file by file. */
export function compareTrees(checkedInDir: string, freshDir: string): DriftEntry[] {
  const checkedIn = new Set(listFiles(checkedInDir));
  const fresh = new Set(listFiles(freshDir));
  const drift: DriftEntry[] = [];
  for (const file of fresh) {
    if (!checkedIn.has(file)) drift.push({ file, problem: 'missing from checked-in code' });
    else if (readFileSync(join(checkedInDir, file), 'utf8') !== readFileSync(join(freshDir, file), 'utf8')) {
      drift.push({ file, problem: 'content differs' });
    }
  }
  for (const file of checkedIn) {
    if (!fresh.has(file)) drift.push({ file, problem: 'not generated any more' });
  }
  return drift;
}

/** Runs `buf generate` with the repo's buf.gen.yaml, writing under `outputBase` instead of the repo. */
export function generateInto(repoRoot: string, outputBase: string): void {
  const binDir = resolve(repoRoot, 'node_modules/.bin');
  execFileSync(join(binDir, 'buf'), ['generate', '--output', outputBase], {
    cwd: repoRoot,
    env: { ...process.env, PATH: `${binDir}:${process.env.PATH ?? ''}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Generates into a temporary directory and returns how the checked-in code differs from it. */
export function findProtoDrift(repoRoot: string): DriftEntry[] {
  const scratch = mkdtempSync(join(tmpdir(), 'paxoscope-proto-'));
  try {
    generateInto(repoRoot, scratch);
    return compareTrees(resolve(repoRoot, generatedDir), join(scratch, generatedDir));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
