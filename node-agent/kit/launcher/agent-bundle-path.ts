/**
 * Where the agent bundle lives, kept apart from the code that builds it so that spawning agents does
 * not pull esbuild into a process (the console's main process bundles this file).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder at or above `start` holding a package.json. */
export function findPackageRoot(start: string): string {
  let folder = resolve(start);
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no package.json above ${start}`);
    folder = parent;
  }
  return folder;
}

/** The repository root, found upwards from this file, so it holds from the sources and from any bundle. */
export const repoRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
export const agentBundlePath = join(repoRoot, 'dist/node-agent/agent.mjs');
