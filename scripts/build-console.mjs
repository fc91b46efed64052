/**
 * Builds the console's main process: the headless entry (ESM), the Electron entry and the preload
 * (CommonJS, as Electron's sandboxed preload requires), plus the agent bundle and the renderer, each
 * only when its sources are newer than its output. `node scripts/build-console.mjs [--force] [main]`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (...parts) => join(root, 'dist', ...parts);

/** CommonJS has no import.meta; give the bundle the file URL it expects. */
const importMetaShim = {
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl' },
};

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

export async function buildMain() {
  await Promise.all([
    build({
      ...common,
      entryPoints: [join(root, 'main/headless-main.ts')],
      outfile: dist('main/headless-main.mjs'),
      format: 'esm',
      packages: 'external',
    }),
    build({
      ...common,
      ...importMetaShim,
      entryPoints: [join(root, 'main/electron-main.ts')],
      outfile: dist('main/electron-main.cjs'),
      format: 'cjs',
      packages: 'external',
    }),
    // The sandboxed preload can require nothing but electron: everything else is bundled in.
    build({
      ...common,
      entryPoints: [join(root, 'main/preload/index.ts')],
      outfile: dist('main/preload.cjs'),
      format: 'cjs',
      external: ['electron'],
      minify: true,
    }),
  ]);
}

function newestMs(folder) {
  if (!existsSync(folder)) return 0;
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMs(path));
    else newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isStale(output, sourceFolders) {
  if (!existsSync(output)) return true;
  const builtMs = statSync(output).mtimeMs;
  return sourceFolders.some((folder) => newestMs(join(root, folder)) > builtMs);
}

function run(label, args) {
  const startedMs = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  const ok = result.status === 0;
  console.error(`${label}: ${ok ? 'built' : 'FAILED'} in ${Math.round(performance.now() - startedMs)} ms`);
  return ok;
}

/** Builds whatever is stale (or everything with force); returns which parts failed. */
export async function buildStale({ force = false, only } = {}) {
  const failed = [];
  const wanted = (part) => only === undefined || only === part;
  if (wanted('main') && (force || isStale(dist('main/preload.cjs'), ['main', 'app', 'node-agent']))) {
    const startedMs = performance.now();
    await buildMain();
    console.error(`main + preload: built in ${Math.round(performance.now() - startedMs)} ms`);
  }
  if (wanted('agent') && (force || isStale(dist('node-agent/agent.mjs'), ['node-agent', 'app']))) {
    if (
      !run('agent', [join(root, 'node_modules/tsx/dist/cli.mjs'), 'node-agent/kit/launcher/build-agent.ts'])
    )
      failed.push('agent');
  }
  const hasRenderer = existsSync(join(root, 'renderer/index.html'));
  if (
    wanted('renderer') &&
    hasRenderer &&
    (force || isStale(dist('renderer/index.html'), ['renderer', 'app']))
  ) {
    if (
      !run('renderer (vite build)', [
        join(root, 'node_modules/vite/bin/vite.js'),
        'build',
        '--logLevel',
        'warn',
      ])
    ) {
      failed.push('renderer');
    }
  }
  return failed;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const only = args.find((arg) => !arg.startsWith('--'));
  const failed = await buildStale({ force: args.includes('--force'), only });
  if (failed.length > 0) {
    console.error(`build failed: ${failed.join(', ')}`);
    process.exit(1);
  }
}
