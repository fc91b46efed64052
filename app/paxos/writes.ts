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
import { findRecentRequest, headerOf, instanceAt, isBehind, newestChosen } from './plog';
import { startProposal } from './proposer';
import { advanceToCurrent, startProbe } from './reads';
import type { StepContext } from './ready';
import type { ClientReply, EntryValue, PendingRequest, ReplyPath } from './types';

const noData = new Uint8Array(0);

function success(request: PendingRequest, version: number, index: number, path: ReplyPath): ClientReply {
  return { requestId: request.request.requestId, ok: true, version, value: null, index, path };
}

function preempted(request: PendingRequest, message: string, definite: boolean): ClientReply {
  return { requestId: request.request.requestId, ok: false, code: 'PREEMPTED', message, definite };
}

/** The entry a write proposes: the key's whole next state, owned by this node. */
function nextValue(ctx: StepContext, request: PendingRequest, version: number): EntryValue {
  const { operation, requestId } = request.request;
  const owner = ctx.state.config.self;
  if (operation.kind === 'delete') return { requestId, owner, version, deleted: true, data: noData };
  const data = operation.kind === 'get' ? noData : operation.value;
  return { requestId, owner, version, deleted: false, data };
}

function startWrite(ctx: StepContext, key: string, request: PendingRequest): ClientReply | null {
  if (ctx.state.proposers[key]) {
    // A redo that a peer's catch-up started must finish first: one proposal per key at a time.
    request.stage = 'queued';
    return null;
  }
  const record = recordOf(ctx.state, key);
  const { operation, requestId } = request.request;
  const earlier = findRecentRequest(record, requestId);
  if (earlier) return success(request, earlier.version, earlier.index, 'dedup');
  if (isBehind(record)) {
    // A writer must know the value chosen just below the index it proposes at.
    request.stage = 'catchingUp';
    request.retryAtMs = ctx.state.nowMs + ctx.state.config.timing.roundTimeoutMs;
    requestChosen(ctx, key);
    return null;
  }
  const index = headerOf(record).chosenIndex + 1;
  // The write's value may still sit accepted at `index` from an earlier round there.
  const exposed = request.exposed && request.index === index;
  if (request.roundsUsed >= ctx.state.config.timing.roundsMax) {
    return preempted(request, `this write used all ${request.roundsUsed} rounds it was allowed`, !exposed);
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
      definite: true,
    };
  }
  Object.assign(request, { stage: 'proposing', index, exposed, path: undefined });
  const value = nextValue(ctx, request, version + 1);
  startProposal(ctx, key, { index, value, requestId, allowFast: true }, request.roundsUsed + 1);
  return null;
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
    const earlier = findRecentRequest(record, request.request.requestId);
    if (earlier) return success(request, earlier.version, earlier.index, request.path ?? 'prepare');
    if (request.exposed) {
      return preempted(
        request,
        `the key moved past index ${request.index} before its outcome was learned`,
        false,
      );
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
