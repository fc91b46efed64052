/**
 * Linearizable reads. A read probes both peers' PLog headers and, with one reply, decides: serve the
 * local chosen value, catch up first, or finish a pending instance with a prepare round (redo).
 *
 * Why one peer reply suffices. Let w be the index of any write that completed before the read began.
 * w was chosen, so a majority (2 of 3) accepted at w; the reader and the answering peer are also 2 of
 * 3, so one of them accepted at w, and its maxIndex was >= w from then on (a replica's maxIndex never
 * goes down; a wiped replica is learner-only and answers no probe). Both M and O are read after the
 * read began, so target = max(M, O) >= w. The read serves only once the local chosen index L reaches
 * the target, so it returns the value of a chosen index >= w, which reflects w and every write before
 * it, and that value was chosen before the reply. A pending instance at L+1 may already be chosen
 * without anyone knowing (its chosen message not yet sent), so serving L then would be stale; the redo
 * decides it first. (A probe reply's `pending` flag is implied by its header: maxIndex > chosenIndex.)
 */
import { redoableIndex, requestChosen } from './catch-up';
import { keyPeers, recordOf } from './key-replica';
import { hasPendingNewest, headerOf, newestChosen } from './plog';
import { startRedo } from './redo';
import { emit, nextId, send, type StepContext } from './ready';
import type { ClientReply, PendingRequest, ProbeReplyMessage, ReadProbeMessage } from './types';

function resendDue(ctx: StepContext, request: PendingRequest): boolean {
  if (ctx.state.nowMs < (request.retryAtMs ?? 0)) return false;
  request.retryAtMs = ctx.state.nowMs + ctx.state.config.timing.roundTimeoutMs;
  return true;
}

function sendProbes(ctx: StepContext, key: string, request: PendingRequest): void {
  const readId = request.readId ?? '';
  for (const to of keyPeers(ctx.state, key)) send(ctx, { type: 'readProbe', to, key, index: 0, readId });
}

/** Starts the read procedure for a get, or for a CAS that must confirm the version it found. */
export function startProbe(ctx: StepContext, key: string, request: PendingRequest): void {
  Object.assign(request, {
    stage: 'probing',
    readId: nextId(ctx),
    probes: [],
    readTarget: undefined,
    readHow: 'local',
    retryAtMs: 0,
  });
  resendDue(ctx, request);
  sendProbes(ctx, key, request);
}

function serve(ctx: StepContext, key: string, request: PendingRequest): ClientReply {
  const chosen = newestChosen(recordOf(ctx.state, key));
  const value = chosen?.value ?? null;
  const how = request.readHow ?? 'local';
  const counter = how === 'local' ? 'readsLocal' : how === 'redo' ? 'readsRedo' : 'readsCatchUp';
  ctx.state.counters[counter] += 1;
  const index = chosen?.index ?? 0;
  emit(ctx, { type: 'readServed', key, index, how });
  const data = value && !value.deleted ? value.data : null;
  return {
    requestId: request.request.requestId,
    ok: true,
    version: value?.version ?? 0,
    value: data,
    index,
    path: how,
  };
}

function redoPendingInstance(ctx: StepContext, key: string, request: PendingRequest, index: number): void {
  Object.assign(request, { stage: 'redoing', readHow: 'redo' });
  // A redo already running for the key (one a peer's catch-up asked for) decides the same instance.
  if (!ctx.state.proposers[key]) startRedo(ctx, key, index, request.roundsUsed + 1);
}

function catchUp(ctx: StepContext, key: string, request: PendingRequest, localChosen: number): void {
  if (request.stage !== 'catchingUp') request.retryAtMs = 0;
  request.stage = 'catchingUp';
  if (request.readHow !== 'redo') request.readHow = 'catch-up';
  if (!resendDue(ctx, request)) return;
  const ahead = (request.probes ?? []).filter((probe) => probe.header.chosenIndex > localChosen);
  if (ahead.length > 0)
    return requestChosen(
      ctx,
      key,
      ahead.map((probe) => probe.from),
    );
  // Nobody is ahead: asking for the target index lets a peer holding it pending finish it.
  requestChosen(ctx, key, undefined, request.readTarget ?? 0);
}

/**
 * Moves the read procedure on; true once the local chosen index has reached the read's target, which
 * makes the local chosen value current for this request (see the proof at the top of this file).
 */
export function advanceToCurrent(ctx: StepContext, key: string, request: PendingRequest): boolean {
  if (request.stage === 'redoing' && ctx.state.proposers[key]) return false;
  const probes = request.probes ?? [];
  if (probes.length === 0) {
    if (resendDue(ctx, request)) sendProbes(ctx, key, request);
    return false;
  }
  const local = headerOf(recordOf(ctx.state, key));
  const peerMax = Math.max(...probes.map((probe) => probe.header.maxIndex));
  const target = (request.readTarget ??= Math.max(local.maxIndex, peerMax));
  if (local.chosenIndex >= target) return true;
  const peerChosen = Math.max(...probes.map((probe) => probe.header.chosenIndex));
  // Finish the instance right below the target, or else an undecided one this node holds: nobody
  // knows it chosen, so catching up cannot decide it (the entry below may be forgotten everywhere).
  const redoIndex = local.chosenIndex === target - 1 ? target : redoableIndex(recordOf(ctx.state, key));
  if (redoIndex > 0 && peerChosen < redoIndex && request.stage !== 'redoing') {
    redoPendingInstance(ctx, key, request, redoIndex);
    return false;
  }
  catchUp(ctx, key, request, local.chosenIndex);
  return false;
}

/** Moves a read at the head of its key's queue forward; returns its reply once it has one. */
export function advanceRead(ctx: StepContext, key: string, request: PendingRequest): ClientReply | null {
  if (request.stage === 'queued') {
    startProbe(ctx, key, request);
    return null;
  }
  return advanceToCurrent(ctx, key, request) ? serve(ctx, key, request) : null;
}

/** A peer's probe: answer with the PLog header and whether the newest instance is still pending. */
export function onReadProbe(ctx: StepContext, message: ReadProbeMessage): void {
  const record = recordOf(ctx.state, message.key);
  send(ctx, {
    type: 'probeReply',
    to: message.from,
    key: message.key,
    index: 0,
    readId: message.readId,
    header: headerOf(record),
    pending: hasPendingNewest(record),
  });
}

/** Adds a probe reply to the read it answers; the caller then drives the read. */
export function onProbeReply(ctx: StepContext, message: ProbeReplyMessage): void {
  const head = ctx.state.queues[message.key]?.[0];
  if (!head || head.readId !== message.readId || !head.probes) return;
  if (head.probes.some((probe) => probe.from === message.from)) return;
  head.probes.push({ from: message.from, header: message.header, pending: message.pending });
}
