/**
 * The shell around the pure core: every input goes through `step`, and every Ready is executed in the
 * core's order — persist, then messages, replies and events. Readies wait in a FIFO: one is released
 * only when its own persist and every earlier Ready's persist are durable. That is what keeps the
 * promise-before-ack rule while the persists of many keys share one synced group-commit batch, and it
 * also holds back a Ready with nothing to persist whose messages may reveal an earlier, unsynced promise.
 * A Ready whose persist the core marks as not needing sync (a chosen-only change, which the core says
 * may be written lazily) does not wait for its own write: it waits only for the Readies ahead of it,
 * so a write's reply does not pay for one more disk round trip after its value is chosen. Under
 * `--sync never` every write is unsynced, and each still waits for its own, so a promise reaches the
 * OS before it is revealed (it then survives a kill -9, if not a power cut).
 * A Ready's `sendBeforePersist` (PaxosKV's fastAccepts) goes out as soon as the Ready reaches the head
 * of the FIFO, i.e. once every earlier Ready is durable, without waiting for its own persist: the
 * proposer's fsync then runs beside the message's trip (docs/one-fsync-fast-path.md).
 */
import type { ClientReply, NodeMeta } from '../../../app/paxos/types';
import type { AnyEvent, AnyInput, AnyMessage, AnyReady } from '../../../app/protocol/registry';
import { assert } from '../../../app/util/assert';
import type { SyncPolicy } from '../agent-config';

/** Writes records durably (synced when asked); resolves in call order. */
export interface DurableCommitter {
  /**
   * `lazy`: no Ready waits for this write, so it may wait to share a later batch. `meta`: the node's
   * changed flags, written in the same batch as `records` and after every record committed earlier.
   */
  commit(records: AnyReady['persist'], sync: boolean, lazy: boolean, meta: NodeMeta | null): Promise<void>;
}

/** Where a released Ready goes. */
export interface ReadyOutlets {
  sendMessages(messages: AnyMessage[]): void;
  deliverReplies(replies: ClientReply[]): void;
  emitEvents(events: AnyEvent[]): void;
  /** Told when a Ready's records are durable, before its messages leave (for the plogWritten event). */
  persisted?(keys: string[], synced: boolean, durationMs: number): void;
}

/** The protocol's step (ProtocolCore.step), whichever protocol the topology names. */
export type StepFunction<State> = (state: State, input: AnyInput) => { state: State; ready: AnyReady };

export interface AgentLoopOptions<State> {
  state: State;
  step: StepFunction<State>;
  committer: DurableCommitter;
  /** 'never' writes without fsync even when the core asks for it (a demo knob). */
  sync: SyncPolicy;
  /** A failed write leaves the core ahead of the disk; the agent must stop rather than go on. */
  onFatal(error: Error): void;
}

export interface AgentLoopStats {
  steps: number;
  /** Readies stepped but not yet released (waiting for their or an earlier persist). */
  readiesWaiting: number;
  recordsPersisted: number;
  syncedCommits: number;
  unsyncedCommits: number;
}

interface WaitingReady {
  ready: AnyReady;
  durable: boolean;
  /** True once its sendBeforePersist went out (at the head of the FIFO, or on release). */
  sentEarly: boolean;
}

function releasedUnconnected(): never {
  assert(false, 'a Ready was released before the loop was connected to its outlets');
}

/** The outlets of a loop not yet connected: releasing a Ready into them is a wiring bug. */
const unconnected: ReadyOutlets = {
  sendMessages: releasedUnconnected,
  deliverReplies: releasedUnconnected,
  emitEvents: releasedUnconnected,
};

export class AgentLoop<State> {
  private state: State;
  private readonly waiting: WaitingReady[] = [];
  private readonly idleWaiters: (() => void)[] = [];
  /** Lazy writes (see above) handed to the committer and not yet finished. */
  private lazyWrites = 0;
  private stopped = false;
  private outlets = unconnected;
  private readonly counts = { steps: 0, recordsPersisted: 0, syncedCommits: 0, unsyncedCommits: 0 };

  constructor(private readonly options: AgentLoopOptions<State>) {
    this.state = options.state;
  }

  /**
   * Says where released Readies go. Apart from the constructor because the outlets' owners (the
   * transport, the client requests) also feed the loop's input, so they are built after the loop.
   */
  connect(outlets: ReadyOutlets): void {
    assert(this.outlets === unconnected, 'the loop is connected to its outlets once');
    this.outlets = outlets;
  }

  /** The core's current state, for status reads only; the loop is its sole writer. */
  get current(): State {
    return this.state;
  }

  get stats(): AgentLoopStats {
    return { ...this.counts, readiesWaiting: this.waiting.length };
  }

  /** Steps the core with one input; false when the loop has stopped and the input was not taken. */
  submit(input: AnyInput): boolean {
    if (this.stopped) return false;
    const result = this.options.step(this.state, input);
    this.state = result.state;
    this.counts.steps += 1;
    const { ready } = result;
    const writes = ready.persist.length > 0 || ready.meta !== null;
    const lazy = writes && !ready.mustSync && this.options.sync === 'always';
    const entry: WaitingReady = { ready, durable: !writes || lazy, sentEarly: false };
    this.waiting.push(entry);
    if (this.waiting[0] === entry) this.sendEarly(entry);
    if (writes) this.persist(entry, lazy);
    if (entry.durable) this.releaseDurablePrefix();
    return true;
  }

  /** Stops taking inputs; Readies already stepped still persist and release. */
  stop(): void {
    this.stopped = true;
  }

  /** Resolves once every Ready stepped so far is persisted and released. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.waiting.length === 0 && this.lazyWrites === 0;
  }

  private persist(entry: WaitingReady, lazy: boolean): void {
    const sync = entry.ready.mustSync && this.options.sync === 'always';
    const startedMs = performance.now();
    if (lazy) this.lazyWrites += 1;
    this.options.committer.commit(entry.ready.persist, sync, lazy, entry.ready.meta).then(
      () => {
        const keys = entry.ready.persist.map((record) => record.key);
        this.outlets.persisted?.(keys, sync, performance.now() - startedMs);
        this.counts.recordsPersisted += entry.ready.persist.length;
        if (sync) this.counts.syncedCommits += 1;
        else this.counts.unsyncedCommits += 1;
        if (lazy) this.lazyWrites -= 1;
        entry.durable = true;
        this.releaseDurablePrefix();
      },
      (error: unknown) => this.options.onFatal(error instanceof Error ? error : new Error(String(error))),
    );
  }

  /** Releases Readies from the head of the FIFO while they are durable, in the core's output order. */
  private releaseDurablePrefix(): void {
    while (this.waiting.length > 0 && this.waiting[0]!.durable) {
      const entry = this.waiting.shift()!;
      const { ready } = entry;
      this.sendEarly(entry);
      if (ready.messages.length > 0) this.outlets.sendMessages(ready.messages);
      if (ready.replies.length > 0) this.outlets.deliverReplies(ready.replies);
      if (ready.events.length > 0) this.outlets.emitEvents(ready.events);
    }
    // Every Ready ahead of the new head is durable now, so its early messages may leave.
    const head = this.waiting[0];
    if (head) this.sendEarly(head);
    if (this.isIdle()) this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }

  private sendEarly(entry: WaitingReady): void {
    if (entry.sentEarly) return;
    entry.sentEarly = true;
    const early = entry.ready.sendBeforePersist;
    if (early && early.length > 0) this.outlets.sendMessages(early);
  }
}
