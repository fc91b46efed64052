/**
 * A copy-on-write working copy of an ObservedCluster for one batch of events. Each part is copied the
 * first time the batch touches it, so ingesting a batch costs one copy per touched part instead of one
 * per event, and the input state is never changed (ingest stays a pure function).
 */
import type { NodeId } from '../../app/paxos/types';
import {
  newNodeActivity,
  type FaultBand,
  type KeyView,
  type LeaderView,
  type MessageView,
  type NodeActivity,
  type ObservedCluster,
  type PLogRow,
  type RecordedEvent,
  type ViewLimits,
} from './observed-cluster';

/** How many of the newest finished messages a late send or duplicate receive is matched against. */
const finishedLookback = 256;

export class ObservedDraft {
  eventCount: number;
  lastTimeMs: number;
  lastWrittenKey: string | null;
  private nodes: Record<NodeId, NodeActivity> | null = null;
  private readonly touchedNodes = new Set<NodeId>();
  private keys: Record<string, KeyView> | null = null;
  private readonly touchedKeys = new Set<string>();
  /** Per touched key, the replicas whose rows this batch already copied. */
  private readonly touchedRows = new Map<string, Set<NodeId>>();
  private inFlight: Record<string, MessageView> | null = null;
  private readonly added = { finished: [] as MessageView[], recent: [] as RecordedEvent[] };
  private bands: FaultBand[] | null = null;
  /** A copy of the base's finished list, made only when an old entry is amended. */
  private finishedBase: MessageView[] | null = null;
  private sendless: Record<string, true> | null = null;
  private leaders: Record<string, LeaderView> | null = null;

  constructor(
    private readonly base: ObservedCluster,
    readonly limits: ViewLimits,
  ) {
    this.eventCount = base.eventCount;
    this.lastTimeMs = base.lastTimeMs;
    this.lastWrittenKey = base.lastWrittenKey;
  }

  /** The node's activity, writable for the rest of this batch; created when first heard of. */
  node(id: NodeId): NodeActivity {
    this.nodes ??= { ...this.base.nodes };
    if (!this.touchedNodes.has(id)) {
      this.touchedNodes.add(id);
      this.nodes[id] = { ...(this.nodes[id] ?? newNodeActivity(id)) };
    }
    return this.nodes[id]!;
  }

  nodeIds(): NodeId[] {
    return Object.keys(this.nodes ?? this.base.nodes);
  }

  /** A replica's PLog rows for a key, writable (replace rows, never edit a row in place). */
  plogRows(key: string, replica: NodeId): PLogRow[] {
    const view = this.key(key);
    const copied = this.touchedRows.get(key) ?? new Set<NodeId>();
    this.touchedRows.set(key, copied);
    if (!copied.has(replica)) {
      copied.add(replica);
      view.replicas[replica] = [...(view.replicas[replica] ?? [])];
    }
    return view.replicas[replica]!;
  }

  hasRows(key: string, replica: NodeId): boolean {
    return ((this.keys ?? this.base.keys)[key]?.replicas[replica]?.length ?? 0) > 0;
  }

  private key(key: string): KeyView {
    this.keys ??= { ...this.base.keys };
    if (!this.touchedKeys.has(key)) {
      this.touchedKeys.add(key);
      const old = this.keys[key];
      this.keys[key] = old
        ? { key, replicas: { ...old.replicas }, lastN: this.eventCount }
        : { key, replicas: {}, lastN: this.eventCount };
    }
    const view = this.keys[key]!;
    view.lastN = this.eventCount;
    return view;
  }

  message(id: string): MessageView | undefined {
    return (this.inFlight ?? this.base.inFlight)[id];
  }

  /** Puts a message in the air (a new object each time; views keep old ones unchanged). */
  setInFlight(message: MessageView): void {
    this.inFlight ??= { ...this.base.inFlight };
    this.inFlight[message.id] = message;
  }

  /** Ends a message's flight: it leaves the in-flight set and joins the finished list. */
  finish(message: MessageView): void {
    this.inFlight ??= { ...this.base.inFlight };
    delete this.inFlight[message.id];
    this.added.finished.push(message);
  }

  inFlightMessages(): MessageView[] {
    return Object.values(this.inFlight ?? this.base.inFlight);
  }

  /**
   * A message that finished recently. Only the newest finishedLookback are searched: a late send or a
   * duplicate receive follows its first end closely, and a full scan per new message would be too slow.
   */
  wasFinished(id: string): MessageView | undefined {
    const matches = (message: MessageView) => message.id === id;
    const own = this.added.finished;
    const ownMatch = own.slice(-finishedLookback).findLast(matches);
    if (ownMatch || own.length >= finishedLookback) return ownMatch;
    return this.base.finished.slice(own.length - finishedLookback).findLast(matches);
  }

  /** Rewrites a finished message (its send showed up after its receive). */
  amendFinished(id: string, amend: (message: MessageView) => MessageView): void {
    const own = this.added.finished.findLastIndex((message) => message.id === id);
    if (own >= 0) {
      this.added.finished[own] = amend(this.added.finished[own]!);
      return;
    }
    const at = this.base.finished.findLastIndex((message) => message.id === id);
    if (at < 0) return;
    this.finishedBase ??= [...this.base.finished];
    this.finishedBase[at] = amend(this.finishedBase[at]!);
  }

  isSendless(id: string): boolean {
    return Object.hasOwn(this.sendless ?? this.base.sendless, id);
  }

  /** Notes (or, with false, forgets) a finished message whose send was not seen yet. */
  markSendless(id: string, sendless: boolean): void {
    this.sendless ??= { ...this.base.sendless };
    if (sendless) this.sendless[id] = true;
    else delete this.sendless[id];
  }

  openBand(band: FaultBand): void {
    this.bands ??= [...this.base.bands];
    this.bands.push(band);
  }

  /** Ends the node's open bands of the given kinds at the current event. */
  closeBands(node: NodeId, kinds: readonly FaultBand['kind'][]): void {
    const open = (band: FaultBand) => band.node === node && band.endN === null && kinds.includes(band.kind);
    if (!(this.bands ?? this.base.bands).some(open)) return;
    this.bands = (this.bands ?? this.base.bands).map((band) =>
      open(band) ? { ...band, endN: this.eventCount } : band,
    );
  }

  hasOpenBand(node: NodeId, kind: FaultBand['kind']): boolean {
    return (this.bands ?? this.base.bands).some(
      (band) => band.node === node && band.kind === kind && band.endN === null,
    );
  }

  leaderOf(group: string): LeaderView | undefined {
    return (this.leaders ?? this.base.leaders)[group];
  }

  setLeader(leader: LeaderView): void {
    this.leaders ??= { ...this.base.leaders };
    this.leaders[leader.group] = leader;
  }

  record(event: RecordedEvent): void {
    this.added.recent.push(event);
  }

  /** The finished state, with every list trimmed to its limit. */
  result(): ObservedCluster {
    const { limits, base } = this;
    return {
      eventCount: this.eventCount,
      lastTimeMs: this.lastTimeMs,
      nodes: this.nodes ?? base.nodes,
      keys: this.keys ? trimKeys(this.keys, limits.keysMax) : base.keys,
      lastWrittenKey: this.lastWrittenKey,
      inFlight: this.inFlight ?? base.inFlight,
      finished: appendBounded(this.finishedBase ?? base.finished, this.added.finished, limits.finishedMax),
      sendless: this.sendless ? trimOldest(this.sendless, limits.sendlessMax) : base.sendless,
      bands: this.bands ? trimBands(this.bands, limits.bandsMax) : base.bands,
      recent: appendBounded(base.recent, this.added.recent, limits.recentMax),
      leaders: this.leaders ?? base.leaders,
    };
  }
}

export function appendBounded<T>(old: readonly T[], added: readonly T[], max: number): T[] {
  if (added.length === 0) return old as T[];
  const joined = old.concat(added);
  return joined.length > max ? joined.slice(joined.length - max) : joined;
}

/**
 * Forgets the keys touched longest ago once there are a tenth too many, down to nine tenths of the
 * limit, so the sort runs once per many new keys rather than once per batch.
 */
function trimKeys(keys: Record<string, KeyView>, max: number): Record<string, KeyView> {
  const names = Object.keys(keys);
  if (names.length <= max + Math.ceil(max / 10)) return keys;
  const kept = names.sort((a, b) => keys[b]!.lastN - keys[a]!.lastN).slice(0, Math.floor((max * 9) / 10));
  return Object.fromEntries(kept.map((name) => [name, keys[name]!]));
}

/** Keeps the newest `max` entries (objects keep insertion order). */
function trimOldest(record: Record<string, true>, max: number): Record<string, true> {
  const ids = Object.keys(record);
  return ids.length <= max ? record : Object.fromEntries(ids.slice(ids.length - max).map((id) => [id, true]));
}

/** Drops the oldest closed bands first; open bands stay while they last. */
function trimBands(bands: FaultBand[], max: number): FaultBand[] {
  if (bands.length <= max) return bands;
  let excess = bands.length - max;
  return bands.filter((band) => {
    if (excess > 0 && band.endN !== null) {
      excess -= 1;
      return false;
    }
    return true;
  });
}
