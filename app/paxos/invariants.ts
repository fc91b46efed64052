/** Structural checks on a durable record, for tests, the simulator and storage read-back. */
import { compareBallots } from './ballot';
import { isSlim } from './plog';
import type { Instance, KeyRecord } from './types';

function instanceProblem(instance: Instance): string | null {
  const where = `instance ${instance.index}`;
  if (!Number.isInteger(instance.index) || instance.index < 1)
    return `${where}: index must be an integer >= 1`;
  if ((instance.accepted === null) !== (instance.value === null)) {
    return `${where}: an accepted ballot and a value go together`;
  }
  if (instance.accepted && compareBallots(instance.accepted, instance.promised) > 0) {
    return `${where}: accepted ballot is above the promised ballot`;
  }
  if (instance.chosen && instance.value === null) return `${where}: chosen without a value`;
  return null;
}

/** Null when the record is well formed, else a sentence saying what is wrong. */
export function checkRecordInvariants(record: KeyRecord): string | null {
  for (let i = 1; i < record.instances.length; i++) {
    if (record.instances[i]!.index <= record.instances[i - 1]!.index) return 'instance indexes must ascend';
  }
  for (const instance of record.instances) {
    const problem = instanceProblem(instance);
    if (problem) return problem;
  }
  if (!isSlim(record.instances)) return 'instances are not in a slim shape';
  for (let i = 1; i < record.recent.length; i++) {
    if (record.recent[i]!.index <= record.recent[i - 1]!.index)
      return 'recent summaries must ascend by index';
  }
  return null;
}
