import { describe, expect, it } from 'vitest';
import { AgentLoop, type DurableCommitter } from '../../../node-agent/process/runtime/agent-loop';
import type { CoreInput, NodeMeta, PeerMessage, PersistRecord, Ready } from '../../../app/paxos/types';
import { AssertionError } from '../../../app/util/assert';

/** A committer whose writes complete only when the test says so, so persist timing is in the test's hands. */
class ManualCommitter implements DurableCommitter {
  readonly calls: {
    records: PersistRecord[];
    sync: boolean;
    lazy: boolean;
    meta: NodeMeta | null;
    finish: () => void;
    fail: (e: Error) => void;
  }[] = [];
  commit(records: PersistRecord[], sync: boolean, lazy: boolean, meta: NodeMeta | null): Promise<void> {
    return new Promise((resolve, reject) =>
      this.calls.push({ records, sync, lazy, meta, finish: resolve, fail: reject }),
    );
  }
}

function record(key: string): PersistRecord {
  return { key, record: { key, instances: [], recent: [] } };
}

function message(id: string): PeerMessage {
  return { type: 'getChosen', id, from: 'n0', to: 'n1', key: 'k', index: 0 };
}

function ready(id: string, persist: PersistRecord[], mustSync = true): Ready {
  return {
    persist,
    meta: null,
    mustSync,
    messages: [message(id)],
    replies: [{ requestId: id, ok: true, version: 1, value: null, index: 1, path: 'fast' }],
    events: [{ type: 'learnerOnly', on: false, reason: id }],
  };
}

const tick: CoreInput = { kind: 'tick', nowMs: 1 };
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Builds a loop over a scripted core: the n-th input yields the n-th Ready; the state counts steps. */
function scriptedLoop(readies: Ready[], sync: 'always' | 'never' = 'always') {
  const committer = new ManualCommitter();
  const released: string[] = [];
  const fatal: Error[] = [];
  const loop = new AgentLoop<number>({
    state: 0,
    step: (state) => ({ state: state + 1, ready: readies[state]! }),
    committer,
    sync,
    onFatal: (error) => fatal.push(error),
  });
  loop.connect({
    sendMessages: (messages) => released.push(...messages.map((m) => `message ${m.id}`)),
    deliverReplies: (replies) => released.push(...replies.map((r) => `reply ${r.requestId}`)),
    emitEvents: (events) =>
      released.push(...events.map((e) => `event ${e.type === 'learnerOnly' && e.reason}`)),
  });
  /** Steps the loop once per scripted Ready, then lets settled writes run their callbacks. */
  async function stepAll(): Promise<void> {
    readies.forEach(() => loop.submit(tick));
    await settle();
  }
  /** Completes the n-th write, then lets the Readies it held go. */
  async function finishWrite(n: number): Promise<void> {
    committer.calls[n]!.finish();
    await settle();
  }
  return { loop, committer, released, fatal, stepAll, finishWrite };
}

/** A Ready whose fastAccept-like message `early` may leave before its own persist. */
function readyWithEarly(id: string, persist: PersistRecord[]): Ready {
  return { ...ready(id, persist), sendBeforePersist: [message(`${id}-early`)] };
}

describe('AgentLoop', () => {
  it('sends a head Ready’s sendBeforePersist at once, and its messages, replies and events only once durable', async () => {
    const { released, stepAll, finishWrite } = scriptedLoop([readyWithEarly('a', [record('k')])]);
    await stepAll();
    expect(released).toEqual(['message a-early']);
    await finishWrite(0);
    expect(released).toEqual(['message a-early', 'message a', 'reply a', 'event a']);
  });

  it('holds a later Ready’s sendBeforePersist until every earlier Ready is durable', async () => {
    const { released, stepAll, finishWrite } = scriptedLoop([
      ready('a', [record('k1')]),
      readyWithEarly('b', [record('k2')]),
      readyWithEarly('c', [record('k3')]),
    ]);
    await stepAll();
    expect(released).toEqual([]);
    await finishWrite(0);
    // a is released; b is now the head, so its early message leaves while its own write is pending.
    expect(released).toEqual(['message a', 'reply a', 'event a', 'message b-early']);
    await finishWrite(2);
    expect(released).toEqual(['message a', 'reply a', 'event a', 'message b-early']);
    await finishWrite(1);
    expect(released).toEqual([
      ...['message a', 'reply a', 'event a', 'message b-early'],
      ...['message b', 'reply b', 'event b', 'message c-early', 'message c', 'reply c', 'event c'],
    ]);
  });

  it('releases a Ready with nothing to persist at once, in persist-messages-replies-events order', () => {
    const { loop, released } = scriptedLoop([ready('a', [])]);
    loop.submit(tick);
    expect(released).toEqual(['message a', 'reply a', 'event a']);
  });

  it('writes a meta change synced with its records, and holds the Ready until it is durable', async () => {
    const cleared: Ready = { ...ready('m', [record('k')]), meta: { learnerOnly: false }, mustSync: true };
    const { committer, released, stepAll, finishWrite } = scriptedLoop([cleared]);
    await stepAll();
    expect(committer.calls).toHaveLength(1);
    expect(committer.calls[0]).toMatchObject({ sync: true, lazy: false, meta: { learnerOnly: false } });
    expect(committer.calls[0]!.records.map((persist) => persist.key)).toEqual(['k']);
    expect(released).toEqual([]);
    await finishWrite(0);
    expect(released).toEqual(['message m', 'reply m', 'event m']);
  });

  it('holds a Ready until its persist is durable', async () => {
    const { loop, released, stepAll, finishWrite } = scriptedLoop([ready('a', [record('k')])]);
    await stepAll();
    expect(released).toEqual([]);
    expect(loop.stats.readiesWaiting).toBe(1);
    await finishWrite(0);
    expect(released).toEqual(['message a', 'reply a', 'event a']);
    expect(loop.stats).toMatchObject({ readiesWaiting: 0, recordsPersisted: 1, syncedCommits: 1 });
  });

  it('holds a Ready with nothing to persist behind an earlier Ready still persisting', async () => {
    const { released, stepAll, finishWrite } = scriptedLoop([ready('a', [record('k')]), ready('b', [])]);
    await stepAll();
    expect(released).toEqual([]);
    await finishWrite(0);
    expect(released).toEqual(['message a', 'reply a', 'event a', 'message b', 'reply b', 'event b']);
  });

  it('keeps FIFO order when a later persist completes first', async () => {
    const { released, stepAll, finishWrite } = scriptedLoop([
      ready('a', [record('k1')]),
      ready('b', [record('k2')]),
    ]);
    await stepAll();
    await finishWrite(1);
    expect(released).toEqual([]);
    await finishWrite(0);
    expect(released.filter((line) => line.startsWith('message'))).toEqual(['message a', 'message b']);
  });

  it('syncs only when the core asks and the policy allows', () => {
    const always = scriptedLoop([ready('a', [record('k')], true), ready('b', [record('k')], false)]);
    always.loop.submit(tick);
    always.loop.submit(tick);
    expect(always.committer.calls.map((call) => call.sync)).toEqual([true, false]);
    const never = scriptedLoop([ready('a', [record('k')], true)], 'never');
    never.loop.submit(tick);
    expect(never.committer.calls.map((call) => call.sync)).toEqual([false]);
  });

  it('releases a Ready whose persist needs no sync without waiting for its write, once earlier ones are durable', async () => {
    const { loop, committer, released, stepAll, finishWrite } = scriptedLoop([
      ready('a', [record('k1')], true),
      ready('b', [record('k2')], false),
    ]);
    await stepAll();
    expect(released).toEqual([]);
    await finishWrite(0);
    expect(released.filter((line) => line.startsWith('reply'))).toEqual(['reply a', 'reply b']);
    expect(committer.calls.map((call) => call.lazy)).toEqual([false, true]);
    let idle = false;
    void loop.whenIdle().then(() => (idle = true));
    await settle();
    expect(idle).toBe(false);
    await finishWrite(1);
    expect(idle).toBe(true);
    expect(loop.stats).toMatchObject({ readiesWaiting: 0, syncedCommits: 1, unsyncedCommits: 1 });
  });

  it('under sync never still holds each Ready until its own write is done', async () => {
    const { released, stepAll, finishWrite } = scriptedLoop([ready('a', [record('k')], false)], 'never');
    await stepAll();
    expect(released).toEqual([]);
    await finishWrite(0);
    expect(released).toEqual(['message a', 'reply a', 'event a']);
  });

  it('reports a failed lazy write as fatal', async () => {
    const { loop, committer, fatal } = scriptedLoop([ready('a', [record('k')], false)]);
    loop.submit(tick);
    committer.calls[0]!.fail(new Error('disk full'));
    await settle();
    expect(fatal.map((error) => error.message)).toEqual(['disk full']);
  });

  it('reports a failed write as fatal and never releases what depended on it', async () => {
    const { committer, released, fatal, stepAll } = scriptedLoop([ready('a', [record('k')]), ready('b', [])]);
    await stepAll();
    committer.calls[0]!.fail(new Error('disk full'));
    await settle();
    expect(fatal.map((error) => error.message)).toEqual(['disk full']);
    expect(released).toEqual([]);
  });

  it('stops taking inputs but still drains what it has stepped', async () => {
    const { loop, committer, released } = scriptedLoop([ready('a', [record('k')]), ready('b', [])]);
    loop.submit(tick);
    loop.stop();
    expect(loop.submit(tick)).toBe(false);
    const idle = loop.whenIdle();
    committer.calls[0]!.finish();
    await idle;
    expect(released).toEqual(['message a', 'reply a', 'event a']);
    expect(loop.current).toBe(1);
  });

  it('refuses to release a Ready before it is connected, and to be connected twice', () => {
    const loop = new AgentLoop<number>({
      state: 0,
      step: (state) => ({ state: state + 1, ready: ready('a', []) }),
      committer: new ManualCommitter(),
      sync: 'always',
      onFatal: () => undefined,
    });
    expect(() => loop.submit(tick)).toThrow(/released before the loop was connected/);
    const outlets = {
      sendMessages: () => undefined,
      deliverReplies: () => undefined,
      emitEvents: () => undefined,
    };
    loop.connect(outlets);
    expect(() => loop.connect(outlets)).toThrow(AssertionError);
  });
});
