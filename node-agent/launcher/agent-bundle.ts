/**
 * The agent runs from one esbuild bundle, so spawning it costs a Node start and not a TypeScript
 * compile. Native and gRPC packages stay external: classic-level loads a .node file and grpc-js is
 * large and already resolvable from node_modules.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const agentBundlePath = join(repoRoot, 'dist/node-agent/agent.mjs');

/** Folders whose sources end up in the bundle. */
const sourceFolders = ['node-agent', 'app'];

export async function buildAgentBundle(): Promise<void> {
  await build({
    entryPoints: [join(repoRoot, 'node-agent/main.ts')],
    outfile: agentBundlePath,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    external: ['classic-level', '@grpc/grpc-js'],
    // Bundled CommonJS dependencies may call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    define: { 'process.env.PAXOSCOPE_BUILD': JSON.stringify(buildVersion()) },
    logLevel: 'warning',
  });
}

/** "0.1.0+9ee5042": the package version and, when in a git checkout, the commit. */
function buildVersion(): string {
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, stdio: 'pipe' });
    return `${version}+${commit.toString().trim()}`;
  } catch {
    return version;
  }
}

/** Rebuilds the bundle when any source file is newer than it; returns whether it rebuilt. */
export async function ensureAgentBundle(): Promise<boolean> {
  if (existsSync(agentBundlePath)) {
    const builtMs = statSync(agentBundlePath).mtimeMs;
    const newestMs = Math.max(...sourceFolders.map((folder) => newestSourceMs(join(repoRoot, folder))));
    if (newestMs <= builtMs) return false;
  }
  await buildAgentBundle();
  return true;
}

function newestSourceMs(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMs(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}
