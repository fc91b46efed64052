/**
 * Where the agent bundle lives, kept apart from the code that builds it so that spawning agents does
 * not pull esbuild into a process (the console's main process bundles this file).
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, as seen from this file in node-agent/launcher. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const agentBundlePath = join(repoRoot, 'dist/node-agent/agent.mjs');
