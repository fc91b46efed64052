import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandNames } from '../../../app/contract/console-contract';
import type { PaxoscopeBridge } from '../../../app/contract/bridge-api';
import type { CommandReply } from '../../../app/contract/envelope';
import { ConsoleService } from '../../../main/console/console-service';
import { attachIpcBridge } from '../../../main/console/ipc-bridge';
import { formatTrace } from '../../../main/agents/trace-file';
import { connectIpcClient } from '../../../renderer/client/ipc-client';

/** One process standing in for main and renderer: what ipcRenderer sends, the fake ipcMain handles. */
const hub = vi.hoisted(() => {
  type Handler = (event: { senderFrame: { url: string } }, input: unknown) => unknown;
  type Listener = (event: { sender: string }, message: unknown) => void;
  const handlers = new Map<string, Handler>();
  const listeners = new Map<string, Set<Listener>>();
  const exposed: Record<string, unknown> = {};
  const state = { senderUrl: 'file:///app/dist/renderer/index.html' };
  return { handlers, listeners, exposed, state };
});

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (name: string, api: unknown) => {
      hub.exposed[name] = api;
    },
  },
  ipcRenderer: {
    invoke: async (channel: string, input: unknown) => {
      const handler = hub.handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      return structuredClone(
        await handler({ senderFrame: { url: hub.state.senderUrl } }, structuredClone(input)),
      );
    },
    on: (channel: string, listener: (event: { sender: string }, message: unknown) => void) => {
      const set = hub.listeners.get(channel) ?? new Set();
      set.add(listener);
      hub.listeners.set(channel, set);
    },
    removeListener: (channel: string, listener: (event: { sender: string }, message: unknown) => void) => {
      hub.listeners.get(channel)?.delete(listener);
    },
  },
}));

const fakeIpcMain = {
  handle: (
    channel: string,
    handler: (event: { senderFrame: { url: string } }, input: unknown) => unknown,
  ) => {
    hub.handlers.set(channel, handler);
  },
  removeHandler: (channel: string) => {
    hub.handlers.delete(channel);
  },
};

const fakeWindow = {
  send: (channel: string, message: unknown) => {
    for (const listener of hub.listeners.get(channel) ?? [])
      listener({ sender: 'webContents' }, structuredClone(message));
  },
  isDestroyed: () => false,
};

let service: ConsoleService;
let detach: () => void;

async function bridge(): Promise<PaxoscopeBridge> {
  await import('../../../main/preload/index');
  return hub.exposed.paxoscope as PaxoscopeBridge;
}

beforeEach(() => {
  hub.state.senderUrl = 'file:///app/dist/renderer/index.html';
  service = new ConsoleService({
    runsRoot: mkdtempSync(join(tmpdir(), 'ipc-bridge-')),
    recorderCapacity: 100,
  });
  detach = attachIpcBridge({
    ipcMain: fakeIpcMain,
    handlers: service.handlers,
    subscribe: (listener) => service.subscribe(listener),
    target: fakeWindow,
    isTrustedUrl: (url) => url.startsWith('file:///app/dist/renderer/'),
  });
});

afterEach(async () => {
  detach();
  await service.shutdown();
});

describe('IPC bridge and preload', () => {
  it('exposes exactly one function per command, plus on', async () => {
    const api = await bridge();
    expect(Object.keys(api).sort()).toEqual([...commandNames, 'on'].sort());
    expect([...hub.handlers.keys()].sort()).toEqual(commandNames.map((name) => `console:${name}`).sort());
  });

  it('answers a malformed command with a field-named error', async () => {
    const api = await bridge();
    const reply = await api.readEvents({ from: -1 });
    expect(reply).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'INVALID_INPUT', field: 'from', limit: 0 }) as unknown,
    });
    const extra = await (api.killNode as (input: unknown) => Promise<CommandReply<unknown>>)({ node: 'n0' });
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('refuses calls from a frame that is not the app’s own', async () => {
    const api = await bridge();
    hub.state.senderUrl = 'https://example.com/';
    expect(await api.getSnapshot({})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('hands listeners the payload and seq, never the IPC event', async () => {
    const api = await bridge();
    const calls: unknown[][] = [];
    const unsubscribe = api.on('stateDelta', (...args: unknown[]) => calls.push(args));
    await api.importTrace({ text: formatTrace([{ agent: 'n0', seq: 1, timeMs: 1, type: 'nodePaused' }]) });
    unsubscribe();
    await api.importTrace({ text: '' });
    expect(calls.length).toBeGreaterThan(0);
    for (const args of calls) {
      expect(args).toHaveLength(2);
      expect(JSON.stringify(args)).not.toContain('sender');
    }
    expect(calls.map((args) => args[1])).toEqual(calls.map((_, i) => i + 1));
  });

  it('carries the whole client: typed calls and a snapshot kept by deltas', async () => {
    const client = connectIpcClient(await bridge());
    await vi.waitFor(() => expect(client.connection()).toBe('open'));
    await client.call('importTrace', {
      fileName: 'lesson.jsonl',
      text: formatTrace([{ agent: 'n1', seq: 4, timeMs: 2, type: 'nodeResumed' }]),
    });
    await vi.waitFor(() => expect(client.snapshot()?.cluster.traceName).toBe('lesson.jsonl'));
    expect(client.snapshot()).toEqual(await service.handlers.getSnapshot({}));
    client.close();
  });

  it('removes its handlers when detached', () => {
    detach();
    expect(hub.handlers.size).toBe(0);
    detach = () => undefined;
  });
});
