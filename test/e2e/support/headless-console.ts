/**
 * Starts the built headless console as a child process and waits for the line that says its cluster is
 * ready, reading the page URL (with its token) from its output. Stopping sends SIGTERM, which makes the
 * console stop every agent it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningConsole {
  url: string;
  process: ChildProcess;
  /** Everything the console printed, for failure messages. */
  output: () => string;
  stop(): Promise<void>;
}

export interface ConsoleOptions {
  root: string;
  /** Extra flags for headless-main (for example --no-cluster). */
  flags?: string[];
  /** Resolve once the page URL is printed instead of waiting for the cluster. */
  waitForCluster?: boolean;
  readyTimeoutMs?: number;
}

export function startHeadlessConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const runsDir = mkdtempSync(join(tmpdir(), 'paxoscope-e2e-'));
  const child = spawn(
    process.execPath,
    [join(options.root, 'dist/main/headless-main.mjs'), '--runs-dir', runsDir, ...(options.flags ?? [])],
    { cwd: options.root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const stop = () => stopChild(child);
  return new Promise((resolve, reject) => {
    let url: string | null = null;
    const timer = setTimeout(() => {
      void stop();
      reject(
        new Error(`the headless console was not ready in ${options.readyTimeoutMs ?? 60_000} ms:\n${output}`),
      );
    }, options.readyTimeoutMs ?? 60_000);
    const onOutput = (chunk: Buffer) => {
      output += chunk.toString();
      url ??= /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(output)?.[1] ?? null;
      const ready = options.waitForCluster === false ? url !== null : /cluster ready/.test(output);
      if (url && ready) {
        clearTimeout(timer);
        resolve({ url, process: child, output: () => output, stop });
      }
      if (/cluster did not start/.test(output)) {
        clearTimeout(timer);
        void stop();
        reject(new Error(`the cluster did not start:\n${output}`));
      }
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the headless console exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
