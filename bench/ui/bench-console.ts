/**
 * A console for the UI benchmark: the built renderer and the contract's WebSocket, served by main's own
 * static server and bridge, with state published by main's StatePublisher. Instead of agents, the
 * benchmark publishes generated events into it, so the whole path from delta to pixels is the real one.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { commandNames, type CommandName, type ConsoleHandlers } from '../../app/contract/console-contract';
import type { NodeView } from '../../app/contract/console-state';
import { contractFailure } from '../../app/contract/errors';
import type { ClusterEvent } from '../../app/model/cluster-event';
import { nodeLocations, type NodeLocation, type Topology } from '../../app/model/topology';
import { buildNodeView } from '../../main/console/node-views';
import { StatePublisher } from '../../main/console/state-publisher';
import { attachWsBridge } from '../../main/console/ws-bridge';
import { serveStatic } from '../../main/headless/static-files';

export interface BenchConsole {
  url: string;
  publishEvents(events: ClusterEvent[]): void;
  close(): Promise<void>;
}

export async function startBenchConsole(rendererDir: string, topology: Topology): Promise<BenchConsole> {
  const token = randomBytes(16).toString('hex');
  const publisher = new StatePublisher(100_000);
  publisher.publish({
    kind: 'cluster',
    cluster: { ...publisher.snapshot().cluster, mode: 'attached', phase: 'running', topology },
  });
  publisher.publish({ kind: 'nodes', nodes: nodeLocations(topology).map(runningNode) });
  const server = createServer((request, response) => serveStatic(rendererDir, request, response));
  const bridge = attachWsBridge({
    server,
    token,
    handlers: benchHandlers(publisher),
    subscribe: (listener) => publisher.subscribe(listener),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    publishEvents: (events) => publisher.publish({ kind: 'events', events }),
    close: async () => {
      await bridge.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** getSnapshot answers; every other command says plainly that this console only plays events. */
function benchHandlers(publisher: StatePublisher): ConsoleHandlers {
  const refuse = () =>
    Promise.reject(
      contractFailure('NOT_SUPPORTED', '(command)', 'the UI benchmark only plays generated events'),
    );
  const handlers = new Map<CommandName, () => Promise<unknown>>(commandNames.map((name) => [name, refuse]));
  handlers.set('getSnapshot', () => Promise.resolve(publisher.snapshot()));
  return Object.fromEntries(handlers) as unknown as ConsoleHandlers;
}

/** An attached, healthy node, built the way the console builds every node view. */
function runningNode(location: NodeLocation): NodeView {
  return buildNodeView({
    location,
    process: { process: 'external', pid: null, restarts: 0, exit: null, learnerOnly: false },
    health: { health: 'serving', reason: '', learnerOnly: false, syncRelaxed: false, protocolRate: 1 },
    actions: [],
    paused: false,
    sync: 'always',
    eventsDropped: 0,
  });
}
