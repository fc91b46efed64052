/**
 * One line per fault change, in the words of the scenario commands that make it: the faultApplied
 * event of an agent and of the simulator, the simulator's trace and the control CLI all read it, so a
 * real and a simulated fault look the same. A link is written `from → to`, as the trace writes a send.
 */
import type { FaultChange, Link } from './fault-model';

function linkText(link: Link): string {
  return `${link.from} → ${link.to}`;
}

export function describeFault(change: FaultChange): string {
  switch (change.kind) {
    case 'partition': {
      const sides = change.split.sides.map((side) => side.join(' ')).join(' | ');
      return `partition ${sides}${change.split.oneWay ? ' (one way, earlier → later cut)' : ''}`;
    }
    case 'cut':
      return `cut ${linkText(change)}`;
    case 'link': {
      const { dropProbability, delayMs, jitterMs, duplicateProbability } = change.rule;
      return `link ${linkText(change.rule)} drop=${dropProbability} delay=${delayMs} jitter=${jitterMs} duplicate=${duplicateProbability}`;
    }
    case 'pause':
    case 'resume':
      return `${change.kind} ${change.node}`;
    case 'hold':
    case 'unhold':
      return `${change.kind} ${change.link ? linkText(change.link) : 'all'}`;
    case 'heal':
      return 'heal';
    case 'corrupt':
      return `corrupt ${change.node} ${change.key}`;
  }
}
