/**
 * One node agent as a child process: spawn it from the bundle, wait for a real Health answer, stop it
 * with SIGTERM (SIGKILL after a grace period) or kill it at once. The headless launcher, the console's
 * supervisor and the integration tests all start agents through this class.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { controlTokenEnv } from '../../../app/proto/control-metadata';
import { agentBundlePath } from './agent-bundle-path';
import { waitForHealth, type HealthAnswer } from './health-probe';

export interface AgentSpawnOptions {
  nodeId: string;
  dataDir: string;
  /** host:port the agent listens on, as the topology says. */
  address: string;
  /** Absent: the agent uses its embedded default topology. */
  topologyFile?: string;
  learnerOnly?: boolean;
  sync?: 'always' | 'never';
  bundlePath?: string;
  /** The cluster token for ControlService; passed in the environment so it stays out of the process list. */
  token?: string;
  /** More agent flags, for example ["--events-ring", "256"]. */
  extraArgs?: string[];
  /** Flags for node itself, before the bundle (--cpu-prof is refused in NODE_OPTIONS, so it goes here). */
  nodeArgs?: string[];
  /** Called with each line the agent writes (stdout and stderr). */
  onLine?: (line: string) => void;
}

export interface AgentExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** How much of an agent's output to keep for error messages. */
const outputLinesMax = 200;

export class AgentProcess {
  readonly exited: Promise<AgentExit>;
  private readonly child: ChildProcess;
  private readonly lines: string[] = [];
  private lineWatchers: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  private exit: AgentExit | null = null;

  private constructor(readonly options: AgentSpawnOptions) {
    this.child = spawn(
      process.execPath,
      [...(options.nodeArgs ?? []), options.bundlePath ?? agentBundlePath, ...agentArgs(options)],
      {
        // stdin stays a pipe: when this process dies, the pipe closes and the agent exits with it.
        stdio: ['pipe', 'pipe', 'pipe'],
        env: agentEnv(options.token),
      },
    );
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      let partial = '';
      stream?.setEncoding('utf8').on('data', (chunk: string) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop() ?? '';
        parts.forEach((line) => this.remember(line));
      });
    }
  }

  static spawn(options: AgentSpawnOptions): AgentProcess {
    return new AgentProcess(options);
  }

  get nodeId(): string {
    return this.options.nodeId;
  }

  get address(): string {
    return this.options.address;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exit === null;
  }

  /** The agent's recent output, for error messages. */
  output(): string {
    return this.lines.join('\n');
  }

  /**
   * Waits for a Health answer (and, with serving, for the agent to serve); rejects early, with the
   * agent's output, if the process exits first.
   */
  async waitUntilReady(timeoutMs: number, serving = false): Promise<HealthAnswer> {
    const died = this.exited.then((exit): never => {
      throw new Error(`agent ${this.nodeId} exited (${describeExit(exit)}) before ready:\n${this.output()}`);
    });
    died.catch(() => undefined);
    return waitForHealth(this.address, { timeoutMs, serving, abort: died });
  }

  /** Resolves with the first output line (already written or still to come) that matches. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string> {
    const seen = this.lines.find((line) => pattern.test(line));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const watcher = { pattern, resolve: (line: string) => (clearTimeout(timer), resolve(line)) };
      const timer = setTimeout(() => {
        this.lineWatchers = this.lineWatchers.filter((candidate) => candidate !== watcher);
        reject(new Error(`agent ${this.nodeId} wrote no line matching ${pattern} in ${timeoutMs} ms`));
      }, timeoutMs);
      this.lineWatchers.push(watcher);
    });
  }

  /** SIGTERM, then SIGKILL if the agent has not exited after graceMs. */
  async stop(graceMs = 5000): Promise<AgentExit> {
    if (this.exit) return this.exit;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  /** SIGKILL now: the crash the durability rules are written for. */
  async kill(): Promise<AgentExit> {
    if (this.exit) return this.exit;
    this.child.kill('SIGKILL');
    return this.exited;
  }

  private remember(line: string): void {
    this.lines.push(line);
    if (this.lines.length > outputLinesMax) this.lines.shift();
    this.options.onLine?.(line);
    this.lineWatchers = this.lineWatchers.filter((watcher) => {
      if (!watcher.pattern.test(line)) return true;
      watcher.resolve(line);
      return false;
    });
  }
}

/** The spawner decides the token: an inherited PAXOSCOPE_TOKEN never reaches an agent spawned without one. */
function agentEnv(token: string | undefined): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env[controlTokenEnv];
  if (token) env[controlTokenEnv] = token;
  return env;
}

function agentArgs(options: AgentSpawnOptions): string[] {
  const args = ['--node', options.nodeId, '--data-dir', options.dataDir, '--exit-with-parent'];
  if (options.topologyFile) args.push('--topology', options.topologyFile);
  if (options.learnerOnly) args.push('--learner-only');
  if (options.sync) args.push('--sync', options.sync);
  if (options.extraArgs) args.push(...options.extraArgs);
  return args;
}

export function describeExit(exit: AgentExit): string {
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}
