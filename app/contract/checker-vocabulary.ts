/**
 * The words a checked run is configured with, shared by the CLI harness and the console's contract:
 * the nemesis fault kinds, the read modes and the workload's key distributions.
 */

/**
 * `pause` is a fault the agent applies itself (it queues its inputs); `sigstop` stops the whole process
 * with SIGSTOP, so the kernel queues what is sent to it and its clocks jump when SIGCONT resumes it.
 */
export const nodeFaultKinds = ['kill', 'wipe', 'pause', 'sigstop'] as const;
export const networkFaultKinds = ['partition', 'cut', 'delay'] as const;
export const faultKinds = [...nodeFaultKinds, ...networkFaultKinds] as const;

export type NodeFaultKind = (typeof nodeFaultKinds)[number];
export type NetworkFaultKind = (typeof networkFaultKinds)[number];
export type FaultKind = (typeof faultKinds)[number];

/**
 * Faults done to agent processes (kill -9, wipe and restart, SIGSTOP): only a cluster this process
 * started, whose processes it owns, can do them; attached agents can only be asked over RPC.
 */
export const processFaultKinds: readonly FaultKind[] = ['kill', 'wipe', 'sigstop'];

/**
 * How the workload reads: `paxos` through KvService's read procedure; `one-replica-read` takes one
 * replica's local record with no Paxos, wrong on purpose, to show that the checker catches stale reads.
 */
export const readModes = ['paxos', 'one-replica-read'] as const;
export type ReadMode = (typeof readModes)[number];

export const keyDistributions = ['uniform', 'zipfian', 'hot'] as const;
export type KeyDistribution = (typeof keyDistributions)[number];

/** The name of a run's workload client by its index from 0: c1, c2… (the history's `client`). */
export function workloadClientName(index: number): string {
  return `c${index + 1}`;
}

/** The client name of the settle reads made after the heal. */
export const settleClient = 'settle';
