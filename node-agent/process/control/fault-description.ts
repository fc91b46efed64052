/** One readable line per fault change, for the faultApplied event and the control CLI. */
import type { FaultChange, Link, LinkRule } from '../../../app/model/fault-model';

function linkName(link: Link): string {
  return `${link.from}→${link.to}`;
}

function ruleDescription(rule: LinkRule): string {
  const parts: string[] = [];
  if (rule.dropProbability > 0) parts.push(`drop ${rule.dropProbability}`);
  if (rule.delayMs > 0 || rule.jitterMs > 0) parts.push(`delay ${rule.delayMs}±${rule.jitterMs} ms`);
  if (rule.duplicateProbability > 0) parts.push(`duplicate ${rule.duplicateProbability}`);
  return `link ${linkName(rule)}: ${parts.length > 0 ? parts.join(', ') : 'normal'}`;
}

export function describeFaultChange(change: FaultChange): string {
  switch (change.kind) {
    case 'partition': {
      const sides = change.split.sides.map((side) => side.join(',')).join(' | ');
      return `partition ${sides}${change.split.oneWay ? ' (one way, earlier → later cut)' : ''}`;
    }
    case 'cut':
      return `cut ${change.from}→${change.to}`;
    case 'link':
      return ruleDescription(change.rule);
    case 'pause':
    case 'resume':
      return `${change.kind} ${change.node}`;
    case 'hold':
    case 'unhold':
      return `${change.kind} ${change.link ? linkName(change.link) : 'all links'}`;
    case 'heal':
      return 'heal: partitions and link rules removed';
  }
}
