/** The agent a client-console operation goes through: every node the console knows. */
import { useShallow } from 'zustand/react/shallow';
import { useConsoleState } from '../use-console';

/** The node ids to choose from, and the one in force (the chosen one while it exists, else the first). */
export function useAgentChoice(chosen: string): { nodeIds: string[]; via: string } {
  const nodeIds = useConsoleState(useShallow((state) => Object.keys(state.processes)));
  return { nodeIds, via: nodeIds.includes(chosen) ? chosen : (nodeIds[0] ?? '') };
}

export function AgentSelect({
  label,
  value,
  onChange,
}: {
  /** The select's accessible name. */
  label: string;
  value: string;
  onChange: (nodeId: string) => void;
}) {
  const { nodeIds, via } = useAgentChoice(value);
  return (
    <label>
      <span className="dim">through</span>
      <select aria-label={label} value={via} onChange={(event) => onChange(event.target.value)}>
        {nodeIds.map((id) => (
          <option key={id} value={id}>
            {id}
          </option>
        ))}
      </select>
    </label>
  );
}
