import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { continueProcess, isStopped, stopProcess } from '../../../main/harness/process-signals';

describe('SIGSTOP and SIGCONT of a child process', () => {
  it.runIf(process.platform === 'linux')('reports the process stopped, then running again', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      const pid = child.pid!;
      expect(isStopped(pid)).toBe(false);
      await stopProcess(pid);
      expect(isStopped(pid)).toBe(true);
      await continueProcess(pid);
      expect(isStopped(pid)).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('knows nothing of a process that is gone', () => {
    expect(isStopped(2 ** 22 + 12345)).toBeNull();
  });
});
