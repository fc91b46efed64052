/**
 * The checker CLI as one esbuild bundle, so `npm run check` costs a Node start and not a TypeScript
 * compile (tsx took 1.5–2.5 s on every run). The cluster mode is split into chunks that the history
 * mode never loads. npm packages stay external (resolved from node_modules at run time). The chunks
 * sit in dist/checker itself, two folders below the repository like the sources, so code that finds
 * the repository from its own location (node-agent/kit/launcher/agent-bundle-path.ts) still finds it.
 *
 * `npm run build:checker` builds it; check.mjs rebuilds it first whenever a source it was built from
 * (listed beside it) is newer. This file is plain JavaScript so that check happens without tsx, and
 * esbuild is imported only when a build is needed.
 */
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist/checker');
export const checkerBundlePath = join(outDir, 'check-history.mjs');
/** The sources the bundle was built from, to tell whether it is stale. */
const inputsPath = `${checkerBundlePath}.inputs.json`;
/** Chunks no bundle has used for this long are removed at the next build (a run may still hold an older one). */
const staleChunkMs = 60 * 60 * 1000;

/**
 * Builds the bundle. Chunk names carry a hash of their content, so they are written first without
 * disturbing a run in progress; the entry goes last, by rename, so a run reads the old entry or the new.
 */
export async function buildCheckerBundle() {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: { 'check-history': join(root, 'scripts/check-history.ts') },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    write: false,
    metafile: true,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  mkdirSync(outDir, { recursive: true });
  const inputs = Object.keys(result.metafile.inputs).map((input) => resolve(root, input));
  inputs.push(fileURLToPath(import.meta.url));
  const files = result.outputFiles.map((file) => ({ path: file.path, contents: file.contents }));
  files.push({ path: inputsPath, contents: new TextEncoder().encode(JSON.stringify(inputs)) });
  // The entry goes last: its time stamp is what the inputs are compared against.
  files.sort((a, b) => Number(a.path === checkerBundlePath) - Number(b.path === checkerBundlePath));
  for (const file of files) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  removeOldChunks(new Set(files.map((file) => basename(file.path))));
}

function removeOldChunks(current) {
  for (const name of readdirSync(outDir)) {
    if (!name.startsWith('chunk-') || current.has(name)) continue;
    const path = join(outDir, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > staleChunkMs) unlinkSync(path);
    } catch {
      // Another build removed it first.
    }
  }
}

/** Whether the bundle is missing or any source it was built from changed since. */
export function checkerBundleIsStale() {
  if (!existsSync(checkerBundlePath) || !existsSync(inputsPath)) return true;
  const builtMs = statSync(checkerBundlePath).mtimeMs;
  const inputs = JSON.parse(readFileSync(inputsPath, 'utf8'));
  return inputs.some((input) => (statSync(input, { throwIfNoEntry: false })?.mtimeMs ?? Infinity) > builtMs);
}

/** Rebuilds the bundle when stale; returns whether it did. */
export async function ensureCheckerBundle() {
  if (!checkerBundleIsStale()) return false;
  await buildCheckerBundle();
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const startedMs = performance.now();
  await buildCheckerBundle();
  const took = Math.round(performance.now() - startedMs);
  console.log(`built ${relative(root, checkerBundlePath)} in ${took} ms`);
}
