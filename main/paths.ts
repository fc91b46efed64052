/**
 * Where the console's files are, whether it runs from source (tsx), from the esbuild bundle in
 * dist/main, or packaged by electron-builder (agent in the resources folder).
 */
import { existsSync } from 'node:fs';
import { findPackageRoot } from '../node-agent';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ConsolePaths {
  root: string;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  /** The node agent bundle the supervisor spawns. */
  agentBundle: string;
  /** The built preload script (Electron only). */
  preload: string;
}

/** `moduleUrl` is the caller's import.meta.url (in CommonJS bundles, a file URL of __filename). */
export function consolePaths(moduleUrl: string, resourcesPath?: string): ConsolePaths {
  const root = findPackageRoot(dirname(fileURLToPath(moduleUrl)));
  const packagedAgent = resourcesPath ? join(resourcesPath, 'agent', 'agent.mjs') : undefined;
  return {
    root,
    rendererDir: join(root, 'dist', 'renderer'),
    agentBundle:
      packagedAgent && existsSync(packagedAgent)
        ? packagedAgent
        : join(root, 'dist', 'node-agent', 'agent.mjs'),
    preload: join(root, 'dist', 'main', 'preload.cjs'),
  };
}
