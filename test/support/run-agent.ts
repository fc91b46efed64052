/** Runs the agent bundle to completion with some arguments, for start-up failures that exit at once. */
import { spawn } from 'node:child_process';
import { agentBundlePath } from '../../node-agent/kit/launcher/agent-bundle-path';

export interface AgentRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runAgent(args: string[], timeoutMs = 10_000): Promise<AgentRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [agentBundlePath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`agent ${args.join(' ')} did not exit within ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
