import { describe, expect, it } from 'vitest';
import type { FaultChangeInput } from '../../../app/model/fault-model';
import { describeFault } from '../../../main/harness/fault-text';
import { HistoryRecorder } from '../../../main/harness/history-recorder';
import { NemesisRunner, type NemesisCluster } from '../../../main/harness/nemesis-runner';
import type { PlannedFault } from '../../../main/harness/nemesis-schedule';

/** A cluster that notes what the nemesis asked of it, in order. */
function notingCluster() {
  const asked: string[] = [];
  const cluster: NemesisCluster = {
    nodeIds: ['n0', 'n1'],
    kill: async (nodeId) => void asked.push(`kill ${nodeId}`),
    restart: async (nodeId) => void asked.push(`restart ${nodeId}`),
    stopProcess: async (nodeId) => void asked.push(`SIGSTOP ${nodeId}`),
    continueProcess: async (nodeId) => void asked.push(`SIGCONT ${nodeId}`),
    applyFault: async (change: FaultChangeInput) => {
      asked.push(change.kind === 'resume' ? `resume ${change.node}` : change.kind);
      return [];
    },
    learnerOnly: async () => false,
  };
  return { asked, cluster };
}

const sigstop: PlannedFault = { id: 'f1', kind: 'sigstop', node: 'n1', startMs: 0, endMs: 20 };

describe('the nemesis SIGSTOP fault', () => {
  it('stops the node’s process for the fault and continues it at the heal', async () => {
    const { asked, cluster } = notingCluster();
    const recorder = new HistoryRecorder();
    await new NemesisRunner(cluster, recorder).run([sigstop]);
    expect(asked).toEqual(['SIGSTOP n1', 'SIGCONT n1']);
    expect(recorder.faults).toMatchObject([{ fault: sigstop, healedMs: expect.any(Number) }]);
    expect(recorder.faults[0]!.error).toBeUndefined();
    expect(describeFault(sigstop)).toBe("SIGSTOP n1's process, then SIGCONT");
  });

  it('is continued by healAll when the run is stopped while the process is stopped', async () => {
    const { asked, cluster } = notingCluster();
    const runner = new NemesisRunner(cluster, new HistoryRecorder());
    const abort = new AbortController();
    const running = runner.run([{ ...sigstop, endMs: 60_000 }], abort.signal);
    await expect.poll(() => asked).toContain('SIGSTOP n1');
    await runner.healAll();
    expect(asked.slice(1)).toEqual(['SIGCONT n1', 'heal', 'resume n0', 'resume n1']);
    abort.abort();
    await running;
  });
});
