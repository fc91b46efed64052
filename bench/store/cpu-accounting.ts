/**
 * How busy the machine was and who used it, from /proc: the whole machine's busy time, and the CPU
 * time of each group of processes this bench started (itself as the client, the agents, the etcd
 * members). What is left is foreign work by processes the bench did not start.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** Clock ticks per second of /proc's counters (USER_HZ, 100 on Linux unless told otherwise). */
export const ticksPerSecond = readTicksPerSecond();

function readTicksPerSecond(): number {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
}

/** Busy and total ticks summed over every CPU, from the first line of /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** utime + stime of one process in ticks; 0 once it has exited (its last figures are kept by the caller). */
function processTicks(pid: number): number {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces; the fields after its closing parenthesis do not.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

export interface CpuSample {
  atMs: number;
  machineBusy: number;
  /** Ticks per named group of processes. */
  groups: Record<string, number>;
}

/** Named groups of pids; called at every sample so that restarted processes are followed. */
export type ProcessGroups = () => Record<string, readonly number[]>;

export function sampleCpu(groups: ProcessGroups): CpuSample {
  const named = Object.entries(groups()).map(([name, pids]) => [
    name,
    pids.reduce((sum, pid) => sum + processTicks(pid), 0),
  ]);
  return { atMs: performance.now(), machineBusy: machineTicks().busy, groups: Object.fromEntries(named) };
}

export interface CpuUse {
  seconds: number;
  /** Cores busy on average over the interval, machine-wide. */
  machineCores: number;
  /** Cores used by each group. */
  groupCores: Record<string, number>;
  /** Cores used by processes in no group: other work sharing the machine. */
  foreignCores: number;
  /** Cores the machine has. */
  machineCoresMax: number;
}

export function cpuUseBetween(before: CpuSample, after: CpuSample): CpuUse {
  const seconds = (after.atMs - before.atMs) / 1000;
  const cores = (ticks: number) => (seconds > 0 ? ticks / ticksPerSecond / seconds : 0);
  const groupCores = Object.fromEntries(
    Object.keys(after.groups).map((name) => [
      name,
      cores(Math.max(0, (after.groups[name] ?? 0) - (before.groups[name] ?? 0))),
    ]),
  );
  const machineCores = cores(after.machineBusy - before.machineBusy);
  const ownCores = Object.values(groupCores).reduce((sum, value) => sum + value, 0);
  return {
    seconds,
    machineCores,
    groupCores,
    foreignCores: Math.max(0, machineCores - ownCores),
    machineCoresMax: cpus().length,
  };
}
