/**
 * Entry point of the Electron console: the same console service as the headless entry, shown in a
 * hardened BrowserWindow and reached through the IPC bridge. Agents are spawned with Electron's own
 * binary running as plain Node (ELECTRON_RUN_AS_NODE), so a packaged app needs no separate Node.
 */
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { join } from 'node:path';
import { ConsoleService } from './console/console-service';
import { dispatchCommand } from './console/dispatch';
import { attachIpcBridge } from './console/ipc-bridge';
import {
  lockDownContents,
  lockDownSession,
  secureWebPreferences,
  trustedUrlCheck,
} from './electron/window-security';
import { parseSimulateFlags } from './headless/headless-flags';
import { consolePaths } from './paths';
import { installExitGuard } from './supervisor/exit-guard';
import { reapLeftovers } from './supervisor/leftover-reaper';
import { defaultRunsRoot } from './supervisor/run-registry';

// Read by child processes only: the agents this process spawns run as Node, the app itself is unaffected.
process.env.ELECTRON_RUN_AS_NODE = '1';

const paths = consolePaths(import.meta.url, app.isPackaged ? process.resourcesPath : undefined);
const runsRoot = defaultRunsRoot();
reapLeftovers(runsRoot);
const service = new ConsoleService({ runsRoot, bundlePath: paths.agentBundle });
installExitGuard({ shutdown: () => service.shutdown(), killNow: () => service.killNow() });

async function openWindow(): Promise<void> {
  lockDownSession(session.defaultSession);
  const isTrustedUrl = trustedUrlCheck(paths.rendererDir);
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'Paxoscope',
    show: false,
    webPreferences: secureWebPreferences(paths.preload),
  });
  lockDownContents(window.webContents, isTrustedUrl);
  const detach = attachIpcBridge({
    ipcMain,
    handlers: service.handlers,
    subscribe: (listener) => service.subscribe(listener),
    target: window.webContents,
    isTrustedUrl,
  });
  window.on('closed', detach);
  window.once('ready-to-show', () => window.show());
  await window.loadFile(join(paths.rendererDir, 'index.html'));
}

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting) return;
  event.preventDefault();
  quitting = true;
  void service.shutdown().finally(() => app.quit());
});
app.on('window-all-closed', () => app.quit());

async function main(): Promise<void> {
  await app.whenReady();
  await openWindow();
  if (process.argv.includes('--no-cluster')) return;
  const simulate = parseSimulateFlags(process.argv);
  const reply = simulate
    ? await dispatchCommand(service.handlers, 'startSimulatedCluster', simulate)
    : await dispatchCommand(service.handlers, 'startCluster', {});
  if (!reply.ok)
    process.stderr.write(`cluster did not start: ${reply.error.field}: ${reply.error.message}\n`);
}

void main();
