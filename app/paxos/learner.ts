/**
 * Learner-only mode, for a node restarted with a wiped disk. Such a node has forgotten every promise
 * and accept it made. If it voted at once, a forgotten promise could break: it promised ballot b2 to
 * one proposer at index i, then lost its disk; a proposer with b1 < b2 that already won a promise
 * quorum may now get the wiped node's accept, making value v1 chosen at b1, while the proposer with
 * b2, whose promise quorum included the wiped node, goes on to have v2 chosen at i too. So the node
 * only learns until every index it may have voted in is decided: it scans its peers for the keys they
 * share (any index it voted in exists on the proposer that asked, which is one of those peers), and
 * for each key learns a chosen index at least as high as the highest maxIndex any peer reported. It
 * also refuses read probes and key scans, because its header no longer reflects its past votes.
 * A peer that is down holds the node learner-only until it is back, since its scan may be the only
 * record of an index the node voted in. Paxos tolerates one lost disk per key: when two replicas of a
 * key lost theirs, the forgotten promises are gone for good and both stay learner-only (each waits
 * for the other's scan) until an operator decides.
 */
import { requestChosen } from './catch-up';
import { recordOf } from './key-replica';
import { roleOf } from './placement';
import { freshInstance, headerOf, newestChosen, putInstance } from './plog';
import { emit, saveMeta, saveRecord, send, type StepContext } from './ready';
import type { CoreConfig, KeyScanMessage, KeyScanReplyMessage, LearnerState, NodeId } from './types';

/** Keys per scan page. */
export const scanPageSize = 256;

export function freshLearnerState(): LearnerState {
  return { scannedPeers: [], scanCursor: {}, targets: {} };
}

/**
 * The members that share keys with this node: those of its groups in the other two datacenters
 * (member m sits in datacenter m mod 3, and a key's replicas are in three different datacenters).
 * Same-datacenter members share no key, so a datacenter that lost both disks relearns too.
 */
export function scanPeers(config: CoreConfig): NodeId[] {
  const peers = new Set<NodeId>();
  for (const group of config.groups) {
    const own = group.members.indexOf(config.self);
    if (own < 0) continue;
    group.members.forEach((member, m) => {
      if (m % 3 !== own % 3) peers.add(member);
    });
  }
  return [...peers];
}

function sendScanPage(ctx: StepContext, peer: NodeId): void {
  const afterKey = ctx.state.learner?.scanCursor[peer] ?? '';
  send(ctx, { type: 'keyScan', to: peer, key: '', index: 0, afterKey, limit: scanPageSize });
}

/** Leaves learner-only once every peer's scan is complete and every key has reached its target. */
function maybeLeaveLearnerOnly(ctx: StepContext): void {
  const learner = ctx.state.learner;
  if (!learner || Object.keys(learner.targets).length > 0) return;
  if (!scanPeers(ctx.state.config).every((peer) => learner.scannedPeers.includes(peer))) return;
  ctx.state.learner = null;
  // The cleared flag goes to disk synced with this step's records; earlier relearned records were
  // handed to the shell before it, so they are written no later (see Ready.meta).
  saveMeta(ctx, { learnerOnly: false });
  emit(ctx, { type: 'learnerOnly', on: false, reason: 'every peer was scanned and every key has relearned' });
}

/** Raises the key's target; targets hold only keys not yet caught up to them. */
function requireChosen(ctx: StepContext, learner: LearnerState, key: string, index: number): void {
  if (headerOf(recordOf(ctx.state, key)).chosenIndex >= index) return;
  if ((learner.targets[key] ?? 0) >= index) return;
  learner.targets[key] = index;
  requestChosen(ctx, key, undefined, index);
}

/** A promise no fast ballot passes and every prepare ballot does: counter 1 of no role. */
const fastBandFence = { counter: 1, role: 0 };

/**
 * When the learned value is this node's own, it may have sent a fast accept at the next index before
 * its disk was wiped, one that no peer has received yet. Using the fast band there again would give
 * one ballot two values, so the node durably promises past the fast band at that index first.
 */
function fenceFastBand(ctx: StepContext, key: string): void {
  const record = recordOf(ctx.state, key);
  const chosen = newestChosen(record);
  if (!chosen || chosen.value?.owner !== ctx.state.config.self) return;
  if (headerOf(record).maxIndex > chosen.index) return;
  const fence = { ...freshInstance(chosen.index + 1), promised: fastBandFence };
  saveRecord(ctx, putInstance(record, fence, ctx.state.config.recentChosenMax), true);
}

/** After the key learned something: drop its target once reached, and maybe leave learner-only. */
export function noteLearned(ctx: StepContext, key: string): void {
  const learner = ctx.state.learner;
  if (learner) fenceFastBand(ctx, key);
  const target = learner?.targets[key];
  if (!learner || target === undefined) return;
  if (headerOf(recordOf(ctx.state, key)).chosenIndex < target) return;
  delete learner.targets[key];
  maybeLeaveLearnerOnly(ctx);
}

/** The periodic pass: re-send unfinished scans and re-ask for keys still short of their target. */
export function learnerTick(ctx: StepContext): void {
  const learner = ctx.state.learner;
  if (!learner) return;
  if (Object.keys(learner.scanCursor).length === 0) {
    // The first pass: every scan starts before the first key (null), and the console hears why.
    for (const peer of scanPeers(ctx.state.config)) learner.scanCursor[peer] = null;
    emit(ctx, {
      type: 'learnerOnly',
      on: true,
      reason: 'started without its records; relearning from peers',
    });
  }
  for (const peer of scanPeers(ctx.state.config)) {
    if (!learner.scannedPeers.includes(peer)) sendScanPage(ctx, peer);
  }
  for (const [key, target] of Object.entries(learner.targets)) requestChosen(ctx, key, undefined, target);
  maybeLeaveLearnerOnly(ctx);
}

/** A learner's scan: the keys both nodes replicate, in key order after `afterKey`. */
export function onKeyScan(ctx: StepContext, message: KeyScanMessage): void {
  const { groups } = ctx.state.config;
  const keys = Object.keys(ctx.state.records)
    .filter((key) => key > message.afterKey && roleOf(groups, key, message.from) !== null)
    .sort();
  const page = keys.slice(0, message.limit);
  const entries = page.map((key) => {
    const header = headerOf(recordOf(ctx.state, key));
    return { key, maxIndex: header.maxIndex, chosenIndex: header.chosenIndex };
  });
  const nextAfterKey = keys.length > page.length ? (page[page.length - 1] ?? null) : null;
  send(ctx, { type: 'keyScanReply', to: message.from, key: '', index: 0, entries, nextAfterKey });
}

export function onKeyScanReply(ctx: StepContext, message: KeyScanReplyMessage): void {
  const learner = ctx.state.learner;
  if (!learner) return;
  const { groups, self } = ctx.state.config;
  for (const entry of message.entries) {
    if (entry.maxIndex > 0 && roleOf(groups, entry.key, self) !== null) {
      requireChosen(ctx, learner, entry.key, entry.maxIndex);
    }
  }
  const cursor = learner.scanCursor[message.from] ?? '';
  if (message.nextAfterKey === null) {
    if (!learner.scannedPeers.includes(message.from)) learner.scannedPeers.push(message.from);
  } else if (message.nextAfterKey > cursor) {
    learner.scanCursor[message.from] = message.nextAfterKey;
    sendScanPage(ctx, message.from);
  }
  maybeLeaveLearnerOnly(ctx);
}
