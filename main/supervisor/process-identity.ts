/**
 * Whether a pid still runs and what its command line is, so the reaper only kills a process that is
 * provably one of our agents (pids are reused). Linux reads /proc; macOS asks ps; elsewhere the command
 * line is unknown and nothing is killed.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process's arguments joined by spaces, or null when it is gone or cannot be read. */
export function commandLineOf(pid: number): string | null {
  if (process.platform === 'linux') {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    } catch {
      return null;
    }
  }
  if (process.platform === 'darwin') {
    try {
      return execFileSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' }).trim() || null;
    } catch {
      return null;
    }
  }
  return null;
}
