/**
 * A 3-member etcd cluster on 127.0.0.1 with its data in a temp dir, from Debian's etcd-server package
 * (installed with apt when missing). Default flags, so fsync stays on. Readiness is each member's
 * /health answering true, never a fixed sleep; stop() ends only the members this object started.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { findFreePorts } from '../../node-agent';

export const etcdBinary = '/usr/bin/etcd';

export interface EtcdMember {
  name: string;
  clientUrl: string;
  process: ChildProcess;
  /** The member's recent stderr, for error messages (read continuously so the pipe never fills). */
  stderrTail: () => string;
}

const stderrTailChars = 4000;

/** Installs etcd-server with apt when the binary is missing; throws with apt's output when that fails. */
export function ensureEtcdInstalled(log: (line: string) => void): void {
  if (existsSync(etcdBinary)) return;
  log(`${etcdBinary} is missing: installing Debian's etcd-server with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', 'etcd-server']]) {
    const result = spawnSync('apt-get', args, { env, encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(
        `apt-get ${args.join(' ')} failed (${result.status}): ${result.stderr || result.error}`,
      );
    }
  }
  if (!existsSync(etcdBinary))
    throw new Error(`apt installed etcd-server but ${etcdBinary} is still missing`);
}

export function etcdVersion(): string {
  const result = spawnSync(etcdBinary, ['--version'], { encoding: 'utf8' });
  return /etcd Version: (\S+)/.exec(result.stdout)?.[1] ?? 'unknown';
}

export class EtcdCluster {
  private constructor(readonly members: EtcdMember[]) {}

  /** Starts three members under dataRoot and waits until every one reports healthy. */
  static async start(dataRoot: string, readyTimeoutMs = 30_000): Promise<EtcdCluster> {
    const ports = await findFreePorts(6);
    const names = ['etcd-1', 'etcd-2', 'etcd-3'];
    const peerUrl = (i: number) => `http://127.0.0.1:${ports[3 + i]!}`;
    const initialCluster = names.map((name, i) => `${name}=${peerUrl(i)}`).join(',');
    const token = `bench-${process.pid}-${ports[0]!}`;
    const members = names.map((name, i) => {
      const clientUrl = `http://127.0.0.1:${ports[i]!}`;
      const dataDir = join(dataRoot, name);
      mkdirSync(dataDir, { recursive: true });
      const args = [
        ...['--name', name, '--data-dir', dataDir, '--logger', 'zap', '--log-level', 'error'],
        ...['--listen-client-urls', clientUrl, '--advertise-client-urls', clientUrl],
        ...['--listen-peer-urls', peerUrl(i), '--initial-advertise-peer-urls', peerUrl(i)],
        ...['--initial-cluster', initialCluster, '--initial-cluster-token', token],
        ...['--initial-cluster-state', 'new'],
      ];
      const child = spawn(etcdBinary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let tail = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        tail = (tail + chunk).slice(-stderrTailChars);
      });
      return { name, clientUrl, process: child, stderrTail: () => tail };
    });
    const cluster = new EtcdCluster(members);
    try {
      await Promise.all(members.map((member) => waitForEtcdHealth(member, readyTimeoutMs)));
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  get pids(): number[] {
    return this.members.flatMap((member) => (member.process.pid === undefined ? [] : [member.process.pid]));
  }

  /** The member that leads the Raft group now (writes and linearizable reads go through it). */
  async leader(): Promise<EtcdMember> {
    const answers = await Promise.all(
      this.members.map(async (member) => {
        const client = new Etcd3({ hosts: member.clientUrl });
        try {
          const status = await client.maintenance.status();
          return { member, isLeader: status.header.member_id === status.leader };
        } finally {
          client.close();
        }
      }),
    );
    const leader = answers.find((answer) => answer.isLeader);
    if (!leader) throw new Error('no etcd member reports itself as leader');
    return leader.member;
  }

  /** SIGTERM to each member, SIGKILL after graceMs. */
  async stop(graceMs = 5000): Promise<void> {
    await Promise.all(this.members.map((member) => stopChild(member.process, graceMs)));
  }
}

async function waitForEtcdHealth(member: EtcdMember, timeoutMs: number): Promise<void> {
  const deadlineMs = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadlineMs) {
    if (member.process.exitCode !== null || member.process.signalCode !== null) {
      throw new Error(`${member.name} exited before it was healthy:\n${member.stderrTail()}`);
    }
    try {
      const response = await fetch(`${member.clientUrl}/health`, { signal: AbortSignal.timeout(1000) });
      const body = (await response.json()) as { health?: string };
      if (body.health === 'true') return;
      last = JSON.stringify(body);
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${member.name} not healthy after ${timeoutMs} ms (${last})`);
}

function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
