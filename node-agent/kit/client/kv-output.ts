/** How the KV command line prints answers and failures, and which exit code each one gets. */
import { status } from '@grpc/grpc-js';
import { replyPathFromWire } from '../../../app/proto/kv-status';
import { bytesToUtf8 } from '../../../app/util/byte-text';
import type { KvCallError, KvOperation, KvOutcome } from './kv-client';
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
  const { result, answeredBy } = outcome;
  const response = result.response;
  const path = replyPathFromWire(response.path) ?? 'unknown';
  const via = answeredBy === response.servedBy ? '' : ` via ${answeredBy}`;
  const details = `version ${response.version}  index ${response.index}  path ${path}  served by ${response.servedBy}${via}  ${latencyMs.toFixed(1)} ms`;
  for (const attempt of outcome.failedAttempts)
    console.log(`  (${attempt.nodeId} failed first: ${attempt.failure.message})`);
  if (result.kind === 'get') {
    const found = result.response.found;
    console.log(
      found ? `${operation.key} = ${describeValue(result.response.value)}` : `${operation.key}: not found`,
    );
    console.log(`  ${details}`);
    return found ? 0 : 1;
  }
  console.log(`${operation.kind} ${operation.key}: ok`);
  console.log(`  ${details}  request ${result.response.requestId}`);
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
