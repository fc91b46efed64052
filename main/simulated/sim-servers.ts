/**
 * One gRPC server per simulated node on 127.0.0.1, each serving that node's KvService and
 * ControlService, so every part of the console reaches a simulated node by address as it reaches an
 * agent. Ports are picked by the system (port 0), so two consoles never clash.
 */
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { withPorts } from '../../app/model/topology-ports';
import { nodeLocations, type Topology } from '../../app/model/topology';
import { ControlServiceService } from '../../app/proto/generated/control';
import { KvServiceService } from '../../app/proto/generated/kv';
import { simControlHandlers, type SimControlParts } from './sim-control-service';
import { simKvHandlers } from './sim-kv-service';

export class SimServers {
  private constructor(private readonly servers: Server[]) {}

  /** Binds one server per node of `topology` and returns them with the topology at their ports. */
  static async bind(topology: Topology): Promise<{ servers: SimServers; topology: Topology }> {
    const servers: Server[] = [];
    try {
      const ports: number[] = [];
      for (let i = 0; i < nodeLocations(topology).length; i += 1) {
        const server = new Server();
        servers.push(server);
        ports.push(await bindLoopback(server));
      }
      return { servers: new SimServers(servers), topology: withPorts(topology, ports) };
    } catch (error) {
      for (const server of servers) server.forceShutdown();
      throw error;
    }
  }

  /** Serves each node's services (in topology order) once the run behind them exists. */
  serve(topology: Topology, parts: SimControlParts): void {
    nodeLocations(topology).forEach((location, i) => {
      const server = this.servers[i]!;
      server.addService(KvServiceService, simKvHandlers(parts.cluster, location.id));
      server.addService(ControlServiceService, simControlHandlers(parts, location.id));
    });
  }

  /** Ends every call at once (streams included): the run behind them is gone. */
  close(): void {
    for (const server of this.servers) server.forceShutdown();
  }
}

function bindLoopback(server: Server): Promise<number> {
  return new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(new Error(`cannot listen on 127.0.0.1: ${error.message}`)) : resolve(port),
    ),
  );
}
