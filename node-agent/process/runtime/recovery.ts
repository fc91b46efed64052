/**
 * Recovery: the core restarts from its durable records only (volatile proposer state is lost by
 * design). A node stays learner-only across restarts until the core says it has relearned, so a crash
 * in the middle of relearning cannot let it vote on promises it forgot. A data directory belongs to one
 * cluster and one protocol: an agent refuses a directory another cluster or another protocol wrote.
 */
import { randomInt } from 'node:crypto';
import type { CoreConfig } from '../../../app/paxos/types';
import type { AnyNodeState, AnyRecord } from '../../../app/protocol/registry';
import { UsageError } from '../../kit/cli/flags';
import type { AgentProtocol } from '../agent-protocol';
import { ForeignRecordError } from '../storage/corrupt-record-error';
import type { AgentMeta, PLogStore } from '../storage/plog-store';
import { monotonicNowMs } from './clock';

export interface RecoveryInput {
  store: PLogStore<AnyRecord>;
  coreConfig: CoreConfig;
  /** --learner-only: the data directory was wiped. */
  learnerOnlyFlag: boolean;
  clusterName: string;
  /** The topology's protocol, whose core is started. */
  protocol: AgentProtocol;
}

export interface Recovered {
  state: AnyNodeState;
  meta: AgentMeta;
  keys: number;
}

export async function recoverNodeState(input: RecoveryInput): Promise<Recovered> {
  const stored = await checkDataDir(input);
  // Loaded before the directory is claimed, so a refused directory is left exactly as it was.
  const records = await loadRecords(input);
  const meta = await claimDataDir(input, stored);
  const state = input.protocol.core.createNode(input.coreConfig, {
    // Jitter only needs to differ between nodes; replay determinism is the simulator's business.
    seed: randomInt(2 ** 31),
    records,
    learnerOnly: meta.learnerOnly,
    nowMs: monotonicNowMs(),
  });
  return { state, meta, keys: records.length };
}

/** The directory's records; one another protocol wrote refuses the directory, naming both protocols. */
async function loadRecords(input: RecoveryInput): Promise<AnyRecord[]> {
  try {
    return await input.store.loadAll();
  } catch (error) {
    if (!(error instanceof ForeignRecordError)) throw error;
    throw wrongProtocol(error.protocol, input.protocol.name, `key ${JSON.stringify(error.key)} is one`);
  }
}

function wrongProtocol(onDisk: string, running: string, detail: string): UsageError {
  return new UsageError(
    '--data-dir',
    `holds ${onDisk} records (${detail}), but the topology's protocol is ${running}: ` +
      `use another data directory, or run ${onDisk} there`,
  );
}

/** The directory's meta, once it is known to belong to this cluster and (when it says) this protocol. */
async function checkDataDir(input: RecoveryInput): Promise<AgentMeta> {
  const stored = await input.store.readMeta();
  if (stored.clusterName !== undefined && stored.clusterName !== input.clusterName) {
    throw new UsageError(
      '--data-dir',
      `belongs to cluster "${stored.clusterName}", not "${input.clusterName}" (the topology's name)`,
    );
  }
  if (stored.protocol !== undefined && stored.protocol !== input.protocol.name) {
    throw wrongProtocol(stored.protocol, input.protocol.name, 'its meta says so');
  }
  return stored;
}

/**
 * Records the cluster, the learner-only flag and the protocol durably. PaxosKV is never written into
 * the meta (an absent protocol means PaxosKV, as in every directory written before protocols had
 * names), so a PaxosKV directory's meta stays byte for byte what it always was.
 */
async function claimDataDir(input: RecoveryInput, stored: AgentMeta): Promise<AgentMeta> {
  const meta: AgentMeta = {
    ...stored,
    clusterName: input.clusterName,
    learnerOnly: stored.learnerOnly || input.learnerOnlyFlag,
  };
  if (input.protocol.name !== 'paxoskv') meta.protocol = input.protocol.name;
  if (
    meta.learnerOnly !== stored.learnerOnly ||
    meta.clusterName !== stored.clusterName ||
    meta.protocol !== stored.protocol
  ) {
    await input.store.writeMeta(meta);
  }
  return meta;
}
