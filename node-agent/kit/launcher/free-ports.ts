/**
 * The one free-port finder of the console, the harness, the benchmarks and the tests: it picks unused
 * TCP ports on the loopback interface by letting the kernel choose. Every listener is open at the same
 * time, so the ports are distinct. Another process could still take one before the agent binds it; the
 * agent then fails to start and says so.
 */
import { createServer, type Server } from 'node:net';
import { nodeLocations, type Topology } from '../../../app/model/topology';
import { withPorts } from '../../../app/model/topology-ports';

/** The topology with every node moved onto a loopback port that was free a moment ago. */
export async function withFreePorts(topology: Topology): Promise<Topology> {
  return withPorts(topology, await findFreePorts(nodeLocations(topology).length));
}

/** `count` distinct ports that were free on `host` a moment ago. */
export async function findFreePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const server = createServer();
      servers.push(server);
      ports.push(await listenOnAnyPort(server, host));
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

function listenOnAnyPort(server: Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      if (address && typeof address === 'object') resolve(address.port);
      else reject(new Error('the kernel gave no port'));
    });
  });
}
