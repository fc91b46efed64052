/**
 * Recovery: the core restarts from its durable records only (volatile proposer state is lost by
 * design). A node stays learner-only across restarts until the core says it has relearned, so a crash
 * in the middle of relearning cannot let it vote on promises it forgot.
 */
import { randomInt } from 'node:crypto';
import { createNodeState } from '../../../app/paxos';
import type { CoreConfig, NodeState } from '../../../app/paxos/types';
import { UsageError } from '../../kit/cli/flags';
import type { AgentMeta, PLogStore } from '../storage/plog-store';
import { monotonicNowMs } from './clock';

export interface RecoveryInput {
  store: PLogStore;
  coreConfig: CoreConfig;
  /** --learner-only: the data directory was wiped. */
  learnerOnlyFlag: boolean;
  clusterName: string;
}

export interface Recovered {
  state: NodeState;
  meta: AgentMeta;
  keys: number;
}

export async function recoverNodeState(input: RecoveryInput): Promise<Recovered> {
  const meta = await claimDataDir(input);
  const records = await input.store.loadAll();
  const state = createNodeState(input.coreConfig, {
    // Jitter only needs to differ between nodes; replay determinism is the simulator's business.
    seed: randomInt(2 ** 31),
    records,
    learnerOnly: meta.learnerOnly,
    nowMs: monotonicNowMs(),
  });
  return { state, meta, keys: records.length };
}

/** Checks the directory belongs to this cluster and records the learner-only flag durably. */
async function claimDataDir(input: RecoveryInput): Promise<AgentMeta> {
  const stored = await input.store.readMeta();
  if (stored.clusterName !== undefined && stored.clusterName !== input.clusterName) {
    throw new UsageError(
      '--data-dir',
      `belongs to cluster "${stored.clusterName}", not "${input.clusterName}" (the topology's name)`,
    );
  }
  const meta: AgentMeta = {
    ...stored,
    clusterName: input.clusterName,
    learnerOnly: stored.learnerOnly || input.learnerOnlyFlag,
  };
  if (meta.learnerOnly !== stored.learnerOnly || meta.clusterName !== stored.clusterName) {
    await input.store.writeMeta(meta);
  }
  return meta;
}
