/**
 * The background verifier of one agent: a batch of the keys it holds every batchKeys / keysPerSecond
 * seconds (app/verification/schedule.ts), each key's stored copy read from disk here and asked of its
 * other replicas, the verdict from app/verification/verdict.ts, and for a wrong copy of its own the
 * repair: the core's relearn input (app/paxos/relearn.ts), which catches the key up from a quorum and
 * persists the quorum's value through the agent loop, so the running core and the disk are both fixed
 * and the write orders with the loop's own; the copy is then read back from disk and compared again.
 * It reports every divergence as a `verification` event, and counts what it did for GetStatus.
 */
import type { KeyRecord, NodeId, PlacementGroup } from '../../../app/paxos/types';
import type { VerificationStatus } from '../../../app/proto/generated/verification';
import {
  batchIntervalMs,
  detectionBoundMs,
  keysByPeer,
  nextBatch,
  type VerifierPace,
} from '../../../app/verification/schedule';
import type { KeyChecksum } from '../../../app/verification/checksum';
import { rangeDigest, rangeOf } from '../../../app/verification/ranges';
import { holdsMajority, judge, type StoredCopy, type Verdict } from '../../../app/verification/verdict';
import type { EventStream } from '../events/event-stream';
import type { RawRecords } from '../storage/raw-records';
import type { PeerChecksums } from './peer-checksums';
import { readStoredCopy } from './stored-copy';

export interface VerifierParts {
  self: NodeId;
  groups: PlacementGroup[];
  pace: VerifierPace;
  raw: RawRecords;
  /** The running core's records (read only): the keys this agent holds. */
  records(): Record<string, KeyRecord>;
  /** Gives the core its relearn input for the key's entry at `index`; false when the loop has stopped. */
  relearn(key: string, index: number): boolean;
  peers: ReadonlyMap<NodeId, PeerChecksums>;
  /** The comparison call's time limit (part of the detection bound). */
  callTimeoutMs: number;
  events: EventStream;
  log(line: string): void;
}

/** A quiet pass is announced at most this often, so a small cluster's timeline is not flooded. */
const passEventEveryMs = 10_000;
/** How often the disk is read back while a repair is under way. */
const repairPollMs = 25;

export class Verifier {
  private after: string | null = null;
  /** The keys of the pass under way, sorted once when it starts (keys written since wait for the next). */
  private passKeys: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private lastPassEventMs = 0;
  private readonly counts = { keysVerified: 0, divergences: 0, repairs: 0, lastVerifiedUnixMs: 0, passes: 0 };
  /** Range comparisons, those that agreed, and keys compared one by one below ranges that did not. */
  private readonly ranges = { compared: 0, agreed: 0, keysDescended: 0 };

  constructor(private readonly parts: VerifierParts) {}

  start(): void {
    if (this.parts.pace.keysPerSecond === 0 || this.timer) return;
    this.timer = setInterval(() => void this.round(), batchIntervalMs(this.parts.pace));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const peer of this.parts.peers.values()) peer.close();
  }

  status(): VerificationStatus {
    const keysHeld = Object.keys(this.parts.records()).length;
    const { pace, callTimeoutMs } = this.parts;
    return {
      ...this.counts,
      keysPerSecond: pace.keysPerSecond,
      detectionBoundMs:
        pace.keysPerSecond === 0 ? 0 : Math.ceil(detectionBoundMs(keysHeld, pace, callTimeoutMs)),
      keysHeld,
    };
  }

  /** One batch; a batch still running when the next is due makes that one wait its turn. */
  private async round(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.compareBatch();
    } catch (error) {
      this.parts.log(`verifier: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.busy = false;
    }
  }

  private async compareBatch(): Promise<void> {
    const { self, groups, raw } = this.parts;
    if (this.after === null) this.passKeys = Object.keys(this.parts.records()).sort();
    const keys = this.passKeys;
    const batch = nextBatch(keys, this.after, this.parts.pace.batchKeys);
    this.after = batch.after;
    const own = await Promise.all(batch.keys.map((key) => readStoredCopy(raw, self, key)));
    const ownByKey = new Map(batch.keys.map((key, i) => [key, own[i]!]));
    const asked = [...keysByPeer(batch.keys, groups, self)].map(([peer, peerKeys]) =>
      this.askPeer(peer, peerKeys, ownByKey),
    );
    const answers = await Promise.all(asked);
    if (answers.some((answer) => [...answer.values()].some((copy) => copy.kind !== 'unreachable'))) {
      this.counts.lastVerifiedUnixMs = Date.now();
    }
    for (const [i, key] of batch.keys.entries()) {
      const copies = [own[i]!, ...answers.flatMap((answer) => answer.get(key) ?? [])];
      await this.settle(key, judge(self, copies), copies);
    }
    if (batch.passDone) this.endPass(keys.length);
  }

  /**
   * The peer's copies of `keys`: first one range checksum over them (ranges.ts); when it equals this
   * replica's own, every key agrees with the peer and no key is sent; otherwise the keys are compared
   * one by one (CompareKeys), which also tells an unreachable peer.
   */
  private async askPeer(
    peer: NodeId,
    keys: string[],
    ownByKey: ReadonlyMap<string, StoredCopy>,
  ): Promise<Map<string, StoredCopy>> {
    const client = this.parts.peers.get(peer);
    if (!client) return new Map();
    const ownCopies = keys.map((key) => ({ key, copy: ownByKey.get(key)! }));
    const [theirs] = (await client.compareRanges(this.parts.self, [rangeOf(keys)])) ?? [];
    this.ranges.compared += 1;
    if (theirs === rangeDigest(ownCopies)) {
      this.ranges.agreed += 1;
      return new Map(ownCopies.map(({ key, copy }) => [key, { ...copy, node: peer }]));
    }
    this.ranges.keysDescended += keys.length;
    return client.compare(this.parts.self, keys);
  }

  private async settle(key: string, verdict: Verdict, copies: StoredCopy[]): Promise<void> {
    if (verdict.kind === 'notComparable') return;
    this.counts.keysVerified += 1;
    if (verdict.kind === 'agree') return;
    this.counts.divergences += 1;
    const { self } = this.parts;
    const at = `${key}#${verdict.index}`;
    if (verdict.kind === 'undecided') {
      const seen = Object.entries(verdict.digests).map(([node, digest]) => `${node} ${digest}`);
      this.report(
        key,
        verdict.index,
        'undecided',
        [],
        `the copies of ${at} differ (${seen.join(', ') || describe(copies)}) and no two agree; nothing is rewritten, it asks again next pass`,
      );
      return;
    }
    const { wrong, majority } = verdict;
    const rest = copies
      .filter(
        (copy) =>
          copy.kind === 'checksum' && copy.index === majority.index && copy.digest === majority.digest,
      )
      .map((copy) => copy.node);
    const found = `${wrong.join(' and ')}'s stored copy of ${at} differs from the copies on ${rest.join(' and ')} (checksum ${majority.digest})`;
    if (!wrong.includes(self)) {
      this.report(
        key,
        verdict.index,
        'divergent',
        wrong,
        `${found}; ${wrong.join(' and ')} repairs its own copy from the majority`,
      );
      return;
    }
    if (!this.parts.relearn(key, majority.index)) {
      this.report(key, verdict.index, 'unrepairable', wrong, `${found}; the agent is stopping`);
      return;
    }
    const after = await this.readBackRepair(key, majority);
    const fixed = holdsMajority(after, majority);
    if (fixed) this.counts.repairs += 1;
    this.report(
      key,
      verdict.index,
      fixed ? 'repaired' : 'unrepairable',
      wrong,
      fixed
        ? `${found}: ${self} relearned it from a quorum, in its running core and on disk (now entry ${after.kind === 'checksum' ? `${after.index}, checksum ${after.digest}` : '?'})`
        : `${found}; relearning from a quorum did not land within ${this.parts.callTimeoutMs} ms (read back: ${describe([after])}); it tries again next pass`,
    );
  }

  /** Reads the key's copy back from disk until it holds the majority's entry, or the call limit passes. */
  private async readBackRepair(key: string, majority: KeyChecksum): Promise<StoredCopy> {
    const deadlineMs = Date.now() + this.parts.callTimeoutMs;
    for (;;) {
      const copy = await readStoredCopy(this.parts.raw, this.parts.self, key);
      if (holdsMajority(copy, majority) || Date.now() >= deadlineMs) return copy;
      await new Promise((resolve) => setTimeout(resolve, repairPollMs));
    }
  }

  private endPass(keysHeld: number): void {
    this.counts.passes += 1;
    const nowMs = Date.now();
    // A pass over no keys (an agent that holds none yet) says nothing worth an event.
    if (keysHeld === 0 || nowMs - this.lastPassEventMs < passEventEveryMs) return;
    this.lastPassEventMs = nowMs;
    const { keysVerified, divergences, repairs } = this.counts;
    this.report(
      undefined,
      undefined,
      'pass',
      [],
      `pass ${this.counts.passes} over its ${keysHeld} keys done: ${keysVerified} comparisons, ${divergences} divergences, ${repairs} repairs so far; ` +
        `${this.ranges.agreed} of ${this.ranges.compared} key ranges agreed at once, ${this.ranges.keysDescended} keys compared one by one below the others`,
    );
  }

  private report(
    key: string | undefined,
    index: number | undefined,
    outcome: 'pass' | 'divergent' | 'undecided' | 'repaired' | 'unrepairable',
    wrong: NodeId[],
    detail: string,
  ): void {
    const { keysVerified, divergences, repairs } = this.counts;
    this.parts.events.emit({
      type: 'verification',
      ...(key === undefined ? {} : { key }),
      ...(index === undefined ? {} : { index }),
      outcome,
      wrong,
      detail: detail.slice(0, 1024),
      keysVerified,
      divergences,
      repairs,
    });
    if (outcome !== 'pass') this.parts.log(`verifier ${outcome}: ${detail}`);
  }
}

function describe(copies: readonly StoredCopy[]): string {
  return copies
    .map((copy) => {
      if (copy.kind === 'checksum') return `${copy.node} ${copy.digest} at ${copy.index}`;
      if (copy.kind === 'absent') return `${copy.node} none`;
      return `${copy.node} ${copy.kind} (${copy.reason})`;
    })
    .join(', ');
}
