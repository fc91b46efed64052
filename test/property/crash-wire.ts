/**
 * The core's test wire with the disk the simulator and the agent have: a Ready's records and flags
 * land unsynced and a crash loses them; a synced write makes everything written before it durable;
 * the learner-only flag is written in the same write as the records of the Ready that changed it; a
 * wipe sets it durably; and a restart starts learner-only exactly when the durable flag says so. The
 * disk is the simulator's own (app/simulator/sim-storage.ts), so both are held to one model.
 */
import { step } from '../../app/paxos';
import { copyKeyRecord } from '../../app/paxos/paxos-kv';
import type { CoreInput, KeyRecord, NodeId, NodeState, Ready } from '../../app/paxos';
import {
  crashStorage,
  createStorage,
  readDurableRecords,
  wipeStorage,
  writeRecords,
  type StorageState,
} from '../../app/simulator/sim-storage';
import { Wire } from '../unit/paxos/wire';

export class CrashWire extends Wire {
  /** Per node; created on first use, since the base constructor starts nodes before fields exist. */
  private storages?: Map<NodeId, StorageState<KeyRecord>>;

  storage(node: NodeId): StorageState<KeyRecord> {
    this.storages ??= new Map();
    let storage = this.storages.get(node);
    if (!storage) this.storages.set(node, (storage = createStorage<KeyRecord>()));
    return storage;
  }

  /** The record of `key` that would survive a crash of `node` now. */
  durableRecord(node: NodeId, key: string): KeyRecord | undefined {
    return this.storage(node).durable[key];
  }

  /** Steps a node and executes its Ready: one write to its disk, then messages, replies and events. */
  override input(node: NodeId, input: CoreInput): Ready {
    const { state, ready } = step(this.nodes.get(node)!, input);
    this.nodes.set(node, state);
    writeRecords(this.storage(node), ready, copyKeyRecord);
    if (ready.meta) this.metaWrites.push({ node, ready });
    this.inFlight.push(...ready.messages);
    for (const reply of ready.replies) this.replies.push({ node, reply });
    for (const event of ready.events) this.events.push({ node, event });
    this.afterStep(node);
    return ready;
  }

  /**
   * Kills the node (its unsynced writes are lost; with `wipe`, its whole disk, which is then marked
   * learner-only) and starts it again from what its disk holds. Messages in flight stay in flight.
   */
  crashAndRestart(node: NodeId, options: { seed: number; wipe: boolean }): NodeState {
    const storage = this.storage(node);
    crashStorage(storage);
    if (options.wipe) wipeStorage(storage);
    this.disks.set(
      node,
      new Map(readDurableRecords(storage, copyKeyRecord).map((record) => [record.key, record])),
    );
    return this.start(node, { seed: options.seed, learnerOnly: storage.durableMeta.learnerOnly });
  }
}
