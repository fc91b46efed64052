/**
 * Our side of the bench: generated KvService stubs on grpc-js, one channel per agent, every request
 * sent straight to its key's role-A replica, so no agent forwards a call. A failure is reported, not
 * retried on the next role: the bench counts errors instead of hiding them.
 */
import type { Topology } from '../../app/model/topology';
import type { NodeId } from '../../app/paxos/types';
import { ReplyPath } from '../../app/proto/generated/kv';
import { ClusterKvClient, newRequestId } from '../../node-agent/client/kv-client';
import type { BenchKey } from './bench-keys';
import type { StoreClient, WritePath } from './store-client';

const attemptTimeoutMs = 10_000;

export class PaxosStoreClient implements StoreClient {
  readonly system = 'paxos';
  private readonly client: ClusterKvClient;
  private readonly roleA: Map<string, NodeId>;

  constructor(topology: Topology, keys: readonly BenchKey[]) {
    this.client = new ClusterKvClient(topology, { attemptTimeoutMs });
    this.roleA = new Map(keys.map(({ key, replicas }) => [key, replicas[0]!]));
  }

  async get(key: string): Promise<boolean> {
    const result = await this.client.callNode(this.target(key), { kind: 'get', key });
    return result.kind === 'get' && result.response.found;
  }

  async put(key: string, value: Uint8Array): Promise<WritePath> {
    return (await this.putWithId(key, value, newRequestId('bench'))).path;
  }

  /** A put under the caller's request id, so a trace can find the write's events by it. */
  async putWithId(key: string, value: Uint8Array, requestId: string): Promise<{ path: WritePath }> {
    const result = await this.client.callNode(this.target(key), { kind: 'put', key, value, requestId });
    if (result.kind !== 'write') throw new Error(`put ${key}: the agent answered a ${result.kind}`);
    return { path: writePathOf(result.response.path) };
  }

  close(): void {
    this.client.close();
  }

  private target(key: string): NodeId {
    const node = this.roleA.get(key);
    if (node === undefined) throw new Error(`key ${key} is not one of the benchmark's keys`);
    return node;
  }
}

function writePathOf(path: ReplyPath): WritePath {
  switch (path) {
    case ReplyPath.REPLY_PATH_FAST:
      return 'fast';
    case ReplyPath.REPLY_PATH_DEDUP:
      return 'dedup';
    default:
      return 'prepare';
  }
}
