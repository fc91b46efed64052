/**
 * Client writes: put, delete and compare-and-set on the version. A write proposes the key's next
 * state at chosenIndex + 1 and succeeds only when its own request id is chosen there. When another
 * value wins its index, a put or delete tries the next index (its old index was decided without it,
 * so it cannot take effect twice); a CAS re-checks its expected version. A CAS answers
 * VERSION_CONFLICT only after the read procedure has made the local version current: a replica that
 * is behind without knowing it would otherwise refuse a CAS that matches the latest version.
 */
import { requestChosen } from './catch-up';
import { recordOf } from './key-replica';
import {
  findApplied,
  headerOf,
  instanceAt,
  isBehind,
  newestChosen,
  requestsAfter,
  windowReachesBack,
} from './plog';
import { startProposal } from './proposer';
import { advanceToCurrent, startProbe } from './reads';
import type { StepContext } from './ready';
import type { AppliedRequest, ClientReply, EntryValue, PendingRequest, ReplyPath } from './types';

const noData = new Uint8Array(0);

function success(request: PendingRequest, version: number, index: number, path: ReplyPath): ClientReply {
  return { requestId: request.request.requestId, ok: true, version, value: null, index, path };
}

/** Never definite: another attempt of the same request id may still be queued or accepted elsewhere. */
function preempted(request: PendingRequest, message: string): ClientReply {
  return { requestId: request.request.requestId, ok: false, code: 'PREEMPTED', message, definite: false };
}

/** The entry a write proposes: the key's whole next state, owned by this node. */
function nextValue(ctx: StepContext, key: string, request: PendingRequest, version: number): EntryValue {
  const { operation, requestId } = request.request;
  const { self: owner, dedupWindow } = ctx.state.config;
  const requests = requestsAfter(newestChosen(recordOf(ctx.state, key)), dedupWindow);
  if (operation.kind === 'delete')
    return { requestId, owner, version, deleted: true, data: noData, requests };
  const data = operation.kind === 'get' ? noData : operation.value;
  return { requestId, owner, version, deleted: false, data, requests };
}

/** A retry whose original was applied: nothing new is written. */
export function dedupReply(requestId: string, applied: AppliedRequest): ClientReply {
  return { requestId, ok: true, version: applied.version, value: null, index: applied.index, path: 'dedup' };
}

/**
 * The answer to a request already applied (its id is in the key's window), or to one that cannot be
 * decided because the window no longer reaches back to where it arrived; null when it may proceed.
 */
function earlierOutcome(ctx: StepContext, key: string, request: PendingRequest): ClientReply | null {
  const record = recordOf(ctx.state, key);
  const { requestId } = request.request;
  const applied = findApplied(record, requestId);
  if (applied) return dedupReply(requestId, applied);
  if (windowReachesBack(record, request.arrivedAtChosenIndex, ctx.state.config.dedupWindow)) return null;
  const message =
    `the key moved more than ${ctx.state.config.dedupWindow} writes past entry ` +
    `${request.arrivedAtChosenIndex} while this request waited, so whether an earlier attempt of ` +
    `"${requestId}" was applied cannot be decided; read the key before writing again`;
  return { requestId, ok: false, code: 'INDETERMINATE', message, definite: false };
}

function startWrite(ctx: StepContext, key: string, request: PendingRequest): ClientReply | null {
  if (ctx.state.proposers[key]) {
    // A redo that a peer's catch-up started must finish first: one proposal per key at a time.
    request.stage = 'queued';
    return null;
  }
  const record = recordOf(ctx.state, key);
  const { operation, requestId } = request.request;
  if (isBehind(record)) {
    // A writer must know the value chosen just below the index it proposes at.
    request.stage = 'catchingUp';
    request.retryAtMs = ctx.state.nowMs + ctx.state.config.timing.roundTimeoutMs;
    requestChosen(ctx, key);
    return null;
  }
  // Only a value that knows the newest chosen entry can tell whether this request was applied.
  const earlier = earlierOutcome(ctx, key, request);
  if (earlier) return earlier;
  if (ctx.state.nowMs >= request.deadlineMs) return pastDeadline(request);
  const index = headerOf(record).chosenIndex + 1;
  // The write's value may still sit accepted at `index` from an earlier round there.
  const exposed = request.exposed && request.index === index;
  if (request.roundsUsed >= ctx.state.config.timing.roundsMax) {
    return preempted(request, `this write used all ${request.roundsUsed} rounds it was allowed`);
  }
  const version = newestChosen(record)?.value?.version ?? 0;
  if (operation.kind === 'cas' && operation.expectedVersion !== version && !request.versionConfirmed) {
    // The local version may be stale; a conflict is only answered from a version read linearizably.
    request.confirming = true;
    startProbe(ctx, key, request);
    return null;
  }
  request.versionConfirmed = false;
  if (operation.kind === 'cas' && operation.expectedVersion !== version) {
    return {
      requestId,
      ok: false,
      code: 'VERSION_CONFLICT',
      message: `expected version ${operation.expectedVersion}, the key is at version ${version}`,
      currentVersion: version,
      // The key's versions only grow, so a CAS that expected an older one can never apply any more.
      definite: version > operation.expectedVersion,
    };
  }
  Object.assign(request, { stage: 'proposing', index, exposed, path: undefined });
  const value = nextValue(ctx, key, request, version + 1);
  startProposal(ctx, key, { index, value, requestId, allowFast: true }, request.roundsUsed + 1);
  return null;
}

/** The caller has given up: no new round may start, since nobody would hear its outcome. */
function pastDeadline(request: PendingRequest): ClientReply {
  const { requestId } = request.request;
  const message = `the request's deadline passed before it could be proposed`;
  return { requestId, ok: false, code: 'UNAVAILABLE', message, definite: false };
}

/** Once the write's proposal is over, reads its outcome from the record. */
function resolveWrite(ctx: StepContext, key: string, request: PendingRequest): ClientReply | null {
  if (ctx.state.proposers[key] || request.index === undefined) return null;
  const record = recordOf(ctx.state, key);
  const instance = instanceAt(record, request.index);
  if (instance?.chosen && instance.value) {
    if (instance.value.requestId === request.request.requestId) {
      return success(request, instance.value.version, instance.index, request.path ?? 'prepare');
    }
    return startWrite(ctx, key, request);
  }
  // Still holding the undecided index behind a newer one: its chosen message may yet arrive.
  if (instance && headerOf(record).maxIndex > request.index) return null;
  if (!instance) {
    const earlier = findApplied(record, request.request.requestId);
    if (earlier) return success(request, earlier.version, earlier.index, request.path ?? 'prepare');
    if (request.exposed) {
      return preempted(request, `the key moved past index ${request.index} before its outcome was learned`);
    }
  }
  return startWrite(ctx, key, request);
}

/** Moves a write at the head of its key's queue forward; returns its reply once it has one. */
export function advanceWrite(ctx: StepContext, key: string, request: PendingRequest): ClientReply | null {
  if (request.confirming) {
    if (!advanceToCurrent(ctx, key, request)) return null;
    Object.assign(request, { confirming: false, versionConfirmed: true });
    return startWrite(ctx, key, request);
  }
  switch (request.stage) {
    case 'queued':
      return startWrite(ctx, key, request);
    case 'catchingUp':
      if (!isBehind(recordOf(ctx.state, key))) return startWrite(ctx, key, request);
      if (ctx.state.nowMs >= (request.retryAtMs ?? 0)) {
        request.retryAtMs = ctx.state.nowMs + ctx.state.config.timing.roundTimeoutMs;
        requestChosen(ctx, key);
      }
      return null;
    default:
      return resolveWrite(ctx, key, request);
  }
}
