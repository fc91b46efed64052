/**
 * The console's KV command: one operation through one chosen node, timed by the console and sent the
 * way the cluster client sends each attempt (callAgent). A failure comes back as a result with the
 * node's code, its message and a plain-language explanation, because a refused write is something to
 * show, not a broken command. The console's time limit runs in protocol time: it stands still while
 * hold mode stops the agents' timers, so a write a person steps through is not given up (and, like any
 * paced attempt without a real-time limit, it carries no wall-clock deadline).
 */
import { status, type ServiceError } from '@grpc/grpc-js';
import type { CommandArgs } from '../../app/contract/console-contract';
import { kvExplanations, type KvCommandResult, type KvFailureCode } from '../../app/contract/kv-schemas';
import { mapValue, type KvOperationKind } from '../../app/kv/operations';
import { bytesAsText, utf8ToBytes } from '../../app/util/byte-text';
import { callAgent, isServiceError, kvFailureOf, type ServedReply } from '../../node-agent';
import type { AgentClient } from '../agents/agent-client';

/**
 * Above the agent's own request timeout, so a node can answer UNAVAILABLE itself before this fires;
 * counted in protocol time (see `ProtocolRate`).
 */
export const kvCallTimeoutMs = 8000;

/** How fast the agents' protocol time runs, as the console knows it: 0 while hold mode is on. */
export type ProtocolRate = () => number;

export async function runKv(
  client: AgentClient,
  input: CommandArgs<'kv'>,
  rate: ProtocolRate,
): Promise<KvCommandResult> {
  const kind = input.operation.kind;
  const startedMs = performance.now();
  try {
    const reply = await callAgent(client.kv, mapValue(input.operation, utf8ToBytes), {
      requestId: input.requestId,
      timeoutMs: kvCallTimeoutMs,
      metadata: client.metadata(),
      protocolRate: rate,
    });
    return okResult(kind, reply, performance.now() - startedMs);
  } catch (error) {
    if (!isServiceError(error)) throw error;
    return failureResult(client, kind, error, performance.now() - startedMs);
  }
}

function okResult(kind: KvOperationKind, reply: ServedReply, latencyMs: number): KvCommandResult {
  const shown =
    reply.value === null ? { value: null, valueEncoding: 'utf8' as const } : bytesAsText(reply.value);
  return {
    ok: true,
    operation: kind,
    found: kind !== 'get' || reply.value !== null,
    ...shown,
    version: reply.version,
    index: reply.index,
    path: reply.path,
    // A get's reply carries no request id ('').
    requestId: reply.requestId || null,
    servedBy: reply.servedBy,
    latencyMs,
  };
}

function failureResult(
  client: AgentClient,
  kind: KvOperationKind,
  error: ServiceError,
  latencyMs: number,
): KvCommandResult {
  const failure = kvFailureOf(error);
  const code = failureCode(failure.coreCode, error.code);
  return {
    ok: false,
    operation: kind,
    code,
    message: failure.message,
    explanation: kvExplanations[code],
    field: failure.field ?? null,
    definite: kind === 'get' ? null : (failure.definite ?? null),
    currentVersion: failure.currentVersion ?? null,
    replicas: failure.replicas ?? [],
    servedBy: client.nodeId,
    latencyMs,
  };
}

function failureCode(coreCode: string | undefined, grpcCode: status): KvFailureCode {
  if (coreCode !== undefined) return coreCode in kvExplanations ? (coreCode as KvFailureCode) : 'UNKNOWN';
  if (grpcCode === status.UNAVAILABLE) return 'NODE_UNREACHABLE';
  if (grpcCode === status.DEADLINE_EXCEEDED) return 'DEADLINE_EXCEEDED';
  return 'UNKNOWN';
}
