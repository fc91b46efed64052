/**
 * `npm start`: build what is stale, then open the Electron window when an Electron binary is present.
 * Without one it runs Electron's own installer once (only when github.com answers within a few seconds,
 * so an offline start costs no wait) and otherwise serves the console headless, saying why.
 * `npm run start:headless` (`--headless`) skips Electron altogether. Other arguments go to the console.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildStale, root } from './build-console.mjs';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const forceHeadless = args.includes('--headless');
const consoleArgs = args.filter((arg) => arg !== '--headless');
const say = (line) => console.error(`paxoscope: ${line}`);

/** The Electron binary's path when installed, else undefined (require('electron') throws without one). */
function electronBinary() {
  if (process.env.ELECTRON_PATH && existsSync(process.env.ELECTRON_PATH)) return process.env.ELECTRON_PATH;
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function reachable(host, port, timeoutMs) {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const finish = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => finish(true));
    socket.once('timeout', () => finish(false));
    socket.once('error', () => finish(false));
  });
}

/** Runs node_modules/electron/install.js once; .npmrc's ignore-scripts kept npm install from doing it. */
async function tryInstallElectron() {
  const installer = join(root, 'node_modules/electron/install.js');
  if (!existsSync(installer) || process.env.PAXOSCOPE_SKIP_ELECTRON_DOWNLOAD) return undefined;
  if (!(await reachable('github.com', 443, 3000))) {
    say('no Electron binary and github.com is unreachable, so it cannot be downloaded now');
    return undefined;
  }
  say("no Electron binary yet: downloading it once with Electron's installer (timeout 5 min)…");
  const result = spawnSync(process.execPath, [installer], {
    cwd: join(root, 'node_modules/electron'),
    stdio: 'inherit',
    timeout: 300_000,
  });
  if (result.status !== 0)
    say(`Electron's installer failed (${result.error?.message ?? `exit ${result.status}`})`);
  return electronBinary();
}

function hasDisplay() {
  return process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

function runElectron(binary) {
  const child = spawn(binary, [join(root, 'dist/main/electron-main.cjs'), ...consoleArgs], {
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function runHeadless() {
  process.argv = [process.argv[0], join(root, 'dist/main/headless-main.mjs'), ...consoleArgs];
  await import(pathToFileURL(process.argv[1]).href);
}

const failed = await buildStale();
if (failed.includes('renderer')) say('the renderer did not build; the console serves a page that says so');
if (failed.includes('agent')) say('the agent bundle did not build; an existing one is used if present');
if (forceHeadless) {
  await runHeadless();
} else {
  const binary = electronBinary() ?? (await tryInstallElectron());
  if (binary && hasDisplay()) runElectron(binary);
  else {
    say(
      binary
        ? 'no display (DISPLAY/WAYLAND_DISPLAY unset): serving the console headless instead'
        : 'no Electron window: serving the console headless instead (open the URL below)',
    );
    await runHeadless();
  }
}
