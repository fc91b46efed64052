/**
 * Prepares dist/agent-resource for packaging: the node agent as one bundle with only its native module
 * (classic-level) left external, plus that module and its dependencies copied beside it, so the agent
 * runs from the app's resources folder without the app's node_modules.
 */
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { root } from './build-console.mjs';

const output = join(root, 'dist/agent-resource');
const nativeModules = ['classic-level'];

/** A package and everything it depends on at run time, by walking package.json files. */
function dependencyClosure(names, seen = new Set()) {
  for (const name of names) {
    if (seen.has(name)) continue;
    seen.add(name);
    const manifest = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'));
    dependencyClosure(Object.keys(manifest.dependencies ?? {}), seen);
  }
  return seen;
}

rmSync(output, { recursive: true, force: true });
mkdirSync(output, { recursive: true });
// Same entry and banner as node-agent/kit/launcher/agent-bundle.ts; here gRPC is bundled in as well.
await build({
  entryPoints: [join(root, 'node-agent/process/main.ts')],
  outfile: join(output, 'agent.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: nativeModules,
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
const modules = dependencyClosure(nativeModules);
for (const name of modules) {
  cpSync(join(root, 'node_modules', name), join(output, 'node_modules', name), { recursive: true });
}
console.error(`agent resource: ${output} (agent.mjs + ${modules.size} modules)`);
