/**
 * Runs a put, get, delete or compare-and-set through a chosen agent and records it, pending first and
 * then with its result (a KV answer, successful or not) or the contract error.
 */
import { ContractFailure } from '../../app/contract/errors';
import type { KvResult } from '../../app/contract/kv-operations';
import {
  operationsMax,
  type OperationKind,
  type OperationOutcome,
  type OperationRecord,
} from '../store/slices/client-slice';
import type { ConsoleHandle as Console } from './console-handle';

export interface OperationRequest {
  kind: OperationKind;
  nodeId: string;
  key: string;
  value: string;
  expectedVersion: number;
}

let nextOperationId = 1;

export async function runOperation(console: Console, request: OperationRequest): Promise<OperationOutcome> {
  const record: OperationRecord = {
    id: nextOperationId++,
    kind: request.kind,
    nodeId: request.nodeId,
    key: request.key,
    value: request.kind === 'put' || request.kind === 'compareAndSet' ? request.value : null,
    expectedVersion: request.kind === 'compareAndSet' ? request.expectedVersion : null,
    outcome: { status: 'pending' },
  };
  console.store.setState((state) => ({ operations: [record, ...state.operations].slice(0, operationsMax) }));
  const outcome = await callKv(console, request).then(
    (result): OperationOutcome => ({ status: 'done', result }),
    (error: unknown): OperationOutcome => {
      if (error instanceof ContractFailure) return { status: 'error', error: error.error };
      return { status: 'error', error: { code: 'INTERNAL', field: '(client)', message: String(error) } };
    },
  );
  console.store.setState((state) => ({
    operations: state.operations.map((operation) =>
      operation.id === record.id ? { ...operation, outcome } : operation,
    ),
  }));
  return outcome;
}

export function callKv({ client }: Console, request: OperationRequest): Promise<KvResult> {
  const { nodeId, key, value } = request;
  switch (request.kind) {
    case 'get':
      return client.call('kvGet', { nodeId, key });
    case 'put':
      return client.call('kvPut', { nodeId, key, value });
    case 'delete':
      return client.call('kvDelete', { nodeId, key });
    case 'compareAndSet':
      return client.call('kvCompareAndSet', { nodeId, key, value, expectedVersion: request.expectedVersion });
  }
}
