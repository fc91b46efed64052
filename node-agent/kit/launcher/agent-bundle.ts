/**
 * The agent runs from one esbuild bundle, so spawning it costs a Node start and not a TypeScript
 * compile. Native and gRPC packages stay external: classic-level loads a .node file and grpc-js is
 * large and already resolvable from node_modules.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { agentBundlePath, repoRoot } from './agent-bundle-path';

export { agentBundlePath, repoRoot } from './agent-bundle-path';

/** The source files the bundle was built from, to tell whether it is stale. */
const inputsPath = `${agentBundlePath}.inputs.json`;

/**
 * Builds the bundle and swaps it in with a rename, so an agent started meanwhile (other test runs
 * share this file) reads either the old bundle or the new one, never half of one.
 */
export async function buildAgentBundle(): Promise<void> {
  // esbuild is loaded only to build, so code that merely spawns agents never needs it.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(repoRoot, 'node-agent/process/main.ts')],
    outfile: agentBundlePath,
    write: false,
    metafile: true,
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
  mkdirSync(dirname(agentBundlePath), { recursive: true });
  const inputs = Object.keys(result.metafile.inputs).map((input) => resolve(repoRoot, input));
  const files = [...result.outputFiles.map((file) => ({ path: file.path, contents: file.contents }))];
  files.push({ path: inputsPath, contents: new TextEncoder().encode(JSON.stringify(inputs)) });
  // The bundle goes last: its time stamp is what the inputs are compared against.
  files.sort((a, b) => Number(a.path === agentBundlePath) - Number(b.path === agentBundlePath));
  for (const file of files) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
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

/** Rebuilds the bundle when it is missing or any file it was built from changed; returns whether it did. */
export async function ensureAgentBundle(): Promise<boolean> {
  if (!isStale()) return false;
  await buildAgentBundle();
  return true;
}

function isStale(): boolean {
  if (!existsSync(agentBundlePath) || !existsSync(inputsPath)) return true;
  const builtMs = statSync(agentBundlePath).mtimeMs;
  const inputs = JSON.parse(readFileSync(inputsPath, 'utf8')) as string[];
  return inputs.some((input) => !existsSync(input) || statSync(input).mtimeMs > builtMs);
}
