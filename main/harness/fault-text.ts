/** A planned fault as one line of text, for the printed summary and the HTML view. */
import type { PlannedFault } from './nemesis-schedule';

export function describeFault(fault: PlannedFault): string {
  switch (fault.kind) {
    case 'kill':
      return `kill -9 ${fault.node}, restart`;
    case 'wipe':
      return `kill -9 ${fault.node}, wipe its disk, restart learner-only`;
    case 'pause':
      return `pause ${fault.node}`;
    case 'sigstop':
      return `SIGSTOP ${fault.node}'s process, then SIGCONT`;
    case 'partition':
      return `partition ${fault.datacenter} [${fault.sides[0].join(' ')}] | [${fault.sides[1].join(' ')}]`;
    case 'cut':
      return `one-way cut ${fault.from} → ${fault.to}`;
    case 'delay':
      return `links of ${fault.node}: +${fault.delayMs} ms ±${fault.jitterMs} ms, duplicate ${fault.duplicateProbability}`;
  }
}
