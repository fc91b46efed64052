/**
 * `npm run ctl -- COMMAND …`: watch agents' events one line each, read their status, and apply every
 * fault of the fault gate from a terminal, so all the console does is scriptable. See controlUsage.
 */
import type { NodeLocation } from '../../../app/model/topology';
import type {
  FaultsResponse,
  HeldMessage,
  InspectKeyResponse,
  ProtocolPace,
} from '../../../app/proto/generated/control';
import type { VerificationStatus } from '../../../app/proto/generated/verification';
import { optionsOrExitCode } from '../cli/flags';
import { ControlClient } from './control-client';
import {
  controlUsage,
  parseControlCommand,
  type ControlAction,
  type ControlCommand,
} from './control-command';
import { eventLine } from './event-line';

function faultsLine(faults: FaultsResponse | undefined): string {
  if (!faults) return 'faults unknown';
  const paused = faults.paused ? `paused (${faults.pausedInputs} inputs waiting), ` : '';
  return `${paused}${faults.heldCount} held, state ${faults.stateJson}`;
}

function paceLine(pace: ProtocolPace | undefined): string {
  if (!pace) return 'protocol time unknown';
  if (pace.holding) return `protocol time stopped by hold mode (${pace.requestedRate}x once released)`;
  return `protocol time at ${pace.rate}x real time`;
}

function heldLine(node: string, held: HeldMessage): string {
  const ballot = held.ballot ? ` ballot=${held.ballot.counter}.${held.ballot.role}` : '';
  return `${node}: ${held.id} ${held.type} ${held.from}→${held.to} key=${held.key} index=${held.index}${ballot}`;
}

function verificationLine(status: VerificationStatus | undefined): string {
  if (!status) return 'no verifier';
  if (status.keysPerSecond === 0) return 'verifier off';
  const last =
    status.lastVerifiedUnixMs === 0
      ? 'never'
      : `${Math.round((Date.now() - status.lastVerifiedUnixMs) / 1000)} s ago`;
  return (
    `verified ${status.keysVerified} keys (${status.passes} passes over ${status.keysHeld}, last ${last}), ` +
    `${status.divergences} divergences, ${status.repairs} repairs, ${status.keysPerSecond} keys/s ` +
    `(a corrupt copy found within ${(status.detectionBoundMs / 1000).toFixed(1)} s)`
  );
}

/** Runs a one-shot action on one agent and prints its answer. */
async function runOnce(client: ControlClient, node: string, action: ControlAction): Promise<void> {
  switch (action.kind) {
    case 'status': {
      const s = await client.status();
      console.log(
        `${node}: up ${Math.round(s.uptimeMs / 1000)} s${s.learnerOnly ? ', learner-only' : ''}, ` +
          `${s.storageBytes} bytes on disk, events ${s.lastEventSeq} (dropped ${s.eventsDropped}, ` +
          `${s.watchers} watchers), steps ${JSON.stringify(s.steps)}, counters ${JSON.stringify(s.counters)}, ` +
          `${faultsLine(s.faults)}, ` +
          `${paceLine(s.pace)}, ` +
          verificationLine(s.verification),
      );
      return;
    }
    case 'inspect':
      console.log(`${node}: ${inspectLine(await client.inspectKey(action.key))}`);
      return;
    case 'faults':
      console.log(`${node}: ${faultsLine(await client.faults())}`);
      return;
    case 'held':
      for (const held of await client.listHeld()) console.log(heldLine(node, held));
      return;
    case 'fault':
      console.log(`${node}: ${faultsLine(await client.applyFault(action.change))}`);
      return;
    case 'release':
      console.log(
        `${node}: ${action.action} ${action.id}; ${await client.releaseHeld(action.id, action.action)} still held`,
      );
      return;
    case 'pace':
      console.log(`${node}: ${paceLine(await client.setProtocolPace(action.rate))}`);
      return;
    case 'corrupt': {
      const done = await client.corruptKey(action.key);
      console.log(
        `${node}: corrupted its stored copy of ${action.key}#${done.index}: byte ${done.offset} of the record, ` +
          `0x${done.before.toString(16)} → 0x${done.after.toString(16)} (watch for its verification event)`,
      );
      return;
    }
    case 'crash':
      await client.crash().catch(() => undefined);
      console.log(`${node}: crash requested`);
      return;
    case 'watch':
      throw new Error('watch is not a one-shot action');
  }
}

/** Watches every target until Ctrl-C or until all streams end; exit 1 if any stream failed. */
async function watchAll(clients: Map<string, ControlClient>, fromSeq: number): Promise<number> {
  const watches = [...clients.entries()].map(([node, client]) => {
    const watch = client.watch(fromSeq, (event) => console.log(eventLine(event)));
    return watch.ended.then(
      () => 0,
      (error: Error) => (console.error(`${node}: ${error.message}`), 1),
    );
  });
  const codes = await Promise.all(watches);
  return Math.max(0, ...codes);
}

async function run(command: ControlCommand): Promise<number> {
  const clients = new Map(
    command.targets.map((node: NodeLocation) => [
      node.id,
      new ControlClient(`${node.host}:${node.port}`, command.token),
    ]),
  );
  try {
    if (command.action.kind === 'watch') return await watchAll(clients, command.action.fromSeq);
    let code = 0;
    for (const [node, client] of clients) {
      await runOnce(client, node, command.action).catch((error: Error) => {
        console.error(`${node}: ${error.message}`);
        code = 1;
      });
    }
    return code;
  } finally {
    for (const client of clients.values()) client.close();
  }
}

async function main(): Promise<number> {
  const command = optionsOrExitCode('ctl', controlUsage, () => parseControlCommand(process.argv.slice(2)));
  if (typeof command === 'number') return command;
  return run(command);
}

process.exitCode = await main();

/** The answer as JSON; another protocol's record shows its JSON body (bytes as {"$bytes": base64}). */
function inspectLine(answer: InspectKeyResponse): string {
  const { protocolRecord, ...rest } = answer;
  if (!protocolRecord) return JSON.stringify(rest);
  const body = new TextDecoder().decode(protocolRecord.body);
  return `${JSON.stringify(rest)} ${protocolRecord.protocol} record ${body}`;
}
