/**
 * One simulated node process: its core while it runs, its disk always. Crash, restart and
 * wipe-and-restart live here so that their effects on state and on storage stay in one place. Whether
 * a node starts learner-only is read from its disk, as the agent does: a wipe marks the disk, and only
 * a durable `{ learnerOnly: false }` from the core clears the mark.
 */
import type { CoreConfig, NodeId } from '../paxos/types';
import type { AnyInput, AnyNodeState, AnyProtocol } from '../protocol/registry';
import {
  crashStorage,
  createStorage,
  readDurableRecords,
  wipeStorage,
  type StorageState,
} from './sim-storage';

export interface SimNode {
  id: NodeId;
  /** The running core; null while the process is down. */
  core: AnyNodeState | null;
  storage: StorageState;
  /** How many times the process has started; each start seeds its generator differently. */
  incarnation: number;
  /** Inputs that reached the node while it was paused, oldest first; processed on resume. */
  inbox: AnyInput[];
  /** Armed by a crash at 'afterPersist': the process dies right after its next persist. */
  crashAfterPersist: boolean;
  /**
   * Armed by a crash at 'beforePersist': at its next Ready that writes, the process sends what may
   * leave before the persist (Ready.sendBeforePersist) and dies before the write reaches the disk.
   */
  crashBeforePersist: boolean;
}

export function createSimNode(id: NodeId): SimNode {
  return {
    id,
    core: null,
    storage: createStorage(),
    incarnation: 0,
    inbox: [],
    crashAfterPersist: false,
    crashBeforePersist: false,
  };
}

/** A generator seed per (run, node, start), so restarts differ but every replay matches. */
function coreSeed(runSeed: number, nodeIndex: number, incarnation: number): number {
  return (runSeed ^ Math.imul(nodeIndex + 1, 0x9e3779b1) ^ Math.imul(incarnation + 1, 0x85ebca6b)) >>> 0;
}

/**
 * Starts the process from its durable records and flags: learner-only while the disk says so (after a
 * wipe, until relearning completed durably). Returns whether it started learner-only.
 */
export function startNode(
  node: SimNode,
  protocol: AnyProtocol,
  config: CoreConfig,
  start: { runSeed: number; nodeIndex: number; nowMs: number },
): boolean {
  const { learnerOnly } = node.storage.durableMeta;
  node.incarnation += 1;
  node.core = protocol.createNode(config, {
    seed: coreSeed(start.runSeed, start.nodeIndex, node.incarnation),
    records: readDurableRecords(node.storage, protocol.copyRecord),
    learnerOnly,
    nowMs: start.nowMs,
  });
  return learnerOnly;
}

/** Kills the process: volatile state, the inbox and unsynced writes are gone. Returns the lost keys. */
export function crashNode(node: SimNode): string[] {
  node.core = null;
  node.inbox = [];
  node.crashAfterPersist = false;
  node.crashBeforePersist = false;
  return crashStorage(node.storage);
}

/** Deletes the node's disk and marks it learner-only; the caller starts it again. */
export function wipeNode(node: SimNode): void {
  if (node.core) crashNode(node);
  wipeStorage(node.storage);
}
