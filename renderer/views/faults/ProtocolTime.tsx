/**
 * How fast the agents' protocol time runs, as their status reports it, shown only when it is not real
 * time: stopped by hold mode, or slowed down for a classroom (the pace control, or `npm run ctl -- pace 0.1`).
 */
import { useShallow } from 'zustand/react/shallow';
import { useConsoleState } from '../use-console';

export function ProtocolTime() {
  const rates = useConsoleState(
    useShallow((state) =>
      Object.fromEntries(Object.values(state.processes).map((node) => [node.id, node.protocolRate ?? null])),
    ),
  );
  const byRate = new Map<number, string[]>();
  for (const [nodeId, rate] of Object.entries(rates)) {
    if (rate !== null && rate !== 1) byRate.set(rate, [...(byRate.get(rate) ?? []), nodeId]);
  }
  if (byRate.size === 0) return null;
  const stopped = byRate.get(0) ?? [];
  const agentCount = Object.keys(rates).length;
  const parts = [...byRate.entries()]
    .sort(([a], [b]) => a - b)
    .map(([rate, nodes]) => {
      const where = nodes.length === agentCount ? 'on every agent' : `on ${nodes.join(', ')}`;
      return `${rate === 0 ? 'stopped' : `×${rate}`} ${where}`;
    });
  return (
    <p className="protocol-time warn small" role="status" data-stopped={stopped.length}>
      Protocol time {parts.join('; ')}: timeouts, retries and request deadlines wait.
    </p>
  );
}
