/**
 * Our side of the bench: every request sent straight to its key's role-A replica, so no agent
 * forwards a call, either as unary KvService calls (the generated grpc-js stubs, as any gRPC user
 * would call them, and as etcd3 calls etcd) or on one KvService.Pipeline stream per agent. A failure
 * is reported, not retried on the next role: the bench counts errors instead of hiding them.
 */
import type { KvOperation, ReplyPath } from '../../app/kv/operations';
import type { Topology } from '../../app/model/topology';
import { nodeLocations } from '../../app/model/topology';
import type { NodeId } from '../../app/paxos/types';
import type { ProtocolName } from '../../app/protocol/protocol';
import { ClusterKvClient, newRequestId, PipelinedKvClient, type ServedReply } from '../../node-agent';
import type { BenchKey } from './bench-keys';
import type { StoreClient, WritePath } from './store-client';

const attemptTimeoutMs = 10_000;

export type PaxosClientKind = 'unary' | 'pipelined';

export class PaxosStoreClient implements StoreClient {
  readonly system: string;
  private readonly unary: ClusterKvClient;
  private readonly pipelines = new Map<NodeId, PipelinedKvClient>();
  private readonly roleA: Map<string, NodeId>;

  constructor(
    topology: Topology,
    keys: readonly BenchKey[],
    readonly kind: PaxosClientKind = 'unary',
    /** The agents' protocol, which names this system in the output. */
    protocol: ProtocolName = 'paxoskv',
  ) {
    this.system = kind === 'unary' ? protocol : `${protocol} pipelined`;
    this.unary = new ClusterKvClient(topology, { attemptTimeoutMs });
    if (kind === 'pipelined') {
      for (const node of nodeLocations(topology)) {
        const address = `${node.host}:${node.port}`;
        this.pipelines.set(node.id, new PipelinedKvClient(address, { timeoutMs: attemptTimeoutMs }));
      }
    }
    this.roleA = new Map(keys.map(({ key, replicas }) => [key, replicas[0]!]));
  }

  async get(key: string): Promise<boolean> {
    const reply = await this.call({ kind: 'get', key });
    return reply.value !== null;
  }

  async put(key: string, value: Uint8Array): Promise<WritePath> {
    return (await this.putWithId(key, value, newRequestId('bench'))).path;
  }

  /** A put under the caller's request id, so a trace can find the write's events by it. */
  async putWithId(key: string, value: Uint8Array, requestId: string): Promise<{ path: WritePath }> {
    const reply = await this.call({ kind: 'put', key, value }, requestId);
    return { path: writePathOf(reply.path) };
  }

  close(): void {
    this.unary.close();
    for (const pipeline of this.pipelines.values()) pipeline.close();
  }

  private call(operation: KvOperation, requestId?: string): Promise<ServedReply> {
    const node = this.roleA.get(operation.key);
    if (node === undefined) throw new Error(`key ${operation.key} is not one of the benchmark's keys`);
    const pipeline = this.pipelines.get(node);
    return pipeline
      ? pipeline.call(operation, { requestId })
      : this.unary.callNode(node, operation, { requestId });
  }
}

/** PaxosKV's write paths as they are; another protocol's (quorum, leader) have no fast path to count. */
function writePathOf(path: ReplyPath): WritePath {
  if (path === 'fast' || path === 'dedup') return path;
  return path === 'quorum' || path === 'leader' ? 'n/a' : 'prepare';
}
