/** The Electron binary to test, or undefined with the reason there is none. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function electronBinary(): { path?: string; reason: string } {
  const fromEnv = process.env.ELECTRON_PATH;
  if (fromEnv)
    return existsSync(fromEnv)
      ? { path: fromEnv, reason: '' }
      : { reason: `ELECTRON_PATH=${fromEnv} does not exist` };
  try {
    const path: unknown = require('electron');
    if (typeof path === 'string' && existsSync(path)) return { path, reason: '' };
    return { reason: 'node_modules/electron names a binary that is not there' };
  } catch {
    return {
      reason:
        'no Electron binary: node_modules/electron never downloaded one (offline install, ignore-scripts); run `npm start` once with internet access or set ELECTRON_PATH',
    };
  }
}
