/** How the KV command line prints answers and failures, and which exit code each one gets. */
import { status } from '@grpc/grpc-js';
import type { KvOperation } from '../../../app/kv/operations';
import { bytesToUtf8 } from '../../../app/util/byte-text';
import type { KvCallError, KvOutcome } from './kv-client';
import type { KvFailure } from '../grpc/kv-failure';

/** Printing a value longer than this shows its start and its size. */
const shownCharsMax = 200;

export function describeValue(value: Uint8Array): string {
  const utf8 = bytesToUtf8(value);
  const text = utf8 === null ? `0x${Buffer.from(value).toString('hex')}` : JSON.stringify(utf8);
  return text.length > shownCharsMax ? `${text.slice(0, shownCharsMax)}… (${value.byteLength} bytes)` : text;
}

/** Prints a successful answer; returns the exit code (1 for a key that is not found). */
export function printOutcome(operation: KvOperation, outcome: KvOutcome, latencyMs: number): number {
  const { reply, answeredBy } = outcome;
  const via = answeredBy === reply.servedBy ? '' : ` via ${answeredBy}`;
  const details = `version ${reply.version}  index ${reply.index}  path ${reply.path}  served by ${reply.servedBy}${via}  ${latencyMs.toFixed(1)} ms`;
  for (const attempt of outcome.failedAttempts)
    console.log(`  (${attempt.nodeId} failed first: ${attempt.failure.message})`);
  if (operation.kind === 'get') {
    const value = reply.value;
    console.log(
      value === null ? `${operation.key}: not found` : `${operation.key} = ${describeValue(value)}`,
    );
    console.log(`  ${details}`);
    return value === null ? 1 : 0;
  }
  console.log(`${operation.kind} ${operation.key}: ok`);
  console.log(`  ${details}  request ${reply.requestId}`);
  return 0;
}

export function printFailure(error: KvCallError, latencyMs: number): void {
  for (const attempt of error.attempts) {
    const failure = attempt.failure;
    const code = failure.coreCode ?? status[failure.grpcCode];
    const maybe =
      failure.definite === false ? ' — the write may still take effect; retry with --request-id' : '';
    console.error(`${attempt.nodeId}: ${code}: ${failure.message}${maybe}`);
  }
  console.error(`failed after ${latencyMs.toFixed(1)} ms`);
}

/** 1 conflict, 2 bad input, 3 worth retrying later. */
export function exitCodeOf(failure: KvFailure): number {
  if (failure.coreCode === 'VERSION_CONFLICT') return 1;
  if (failure.coreCode === 'INVALID_ARGUMENT' || failure.grpcCode === status.INVALID_ARGUMENT) return 2;
  return 3;
}
