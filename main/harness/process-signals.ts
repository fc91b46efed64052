/**
 * SIGSTOP and SIGCONT for an agent process this process started. Unlike the in-agent pause (a fault
 * the agent applies itself, queueing its inputs), a stopped process runs no code at all: the kernel
 * keeps buffering the calls sent to it, and its clocks jump when it resumes, which is the case a
 * request's wall-clock deadline exists for.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long the kernel may take to report the new state before the call gives up. */
const stateWaitMs = 2000;

/** Stops the process and resolves once the kernel reports it stopped (where it can tell). */
export async function stopProcess(pid: number): Promise<void> {
  process.kill(pid, 'SIGSTOP');
  await untilState(pid, true);
}

/** Lets a stopped process run again. */
export async function continueProcess(pid: number): Promise<void> {
  process.kill(pid, 'SIGCONT');
  await untilState(pid, false);
}

/**
 * Linux's /proc/<pid>/stat state: 'T' while stopped by a signal. Elsewhere null, and the signal is
 * trusted to have arrived (kill(2) delivers SIGSTOP and SIGCONT before it returns for a child).
 */
export function isStopped(pid: number): boolean | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name in parentheses may itself hold spaces and parentheses; the state follows the last ')'.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state === 'T' || state === 't';
}

async function untilState(pid: number, stopped: boolean): Promise<void> {
  const giveUpMs = performance.now() + stateWaitMs;
  for (;;) {
    const state = isStopped(pid);
    if (state === null || state === stopped) return;
    if (performance.now() > giveUpMs) {
      throw new Error(
        `process ${pid} is ${state ? 'still stopped' : 'not stopped'} ${stateWaitMs} ms after the signal`,
      );
    }
    await sleep(5);
  }
}
