/** The actions a node allows now (main lists them per node), at the spot where the person right-clicked. */
import { useEffect, useRef } from 'react';
import type { NodeAction } from '../../../app/contract/console-state';
import { nodeActionLabels, runNodeAction } from '../../actions/node-actions';
import { useConsole, useConsoleState } from '../use-console';

interface NodeContextMenuProps {
  nodeId: string;
  x: number;
  y: number;
  onClose: () => void;
}

const destructive = new Set<NodeAction>(['kill', 'wipeAndRestart']);
/** One empty list for nodes main does not know: a selector must not return a new array each time. */
const noActions: NodeAction[] = [];

export function NodeContextMenu({ nodeId, x, y, onClose }: NodeContextMenuProps) {
  const consoleHandle = useConsole();
  const actions = useConsoleState((state) => state.processes[nodeId]?.actions ?? noActions);
  const menuRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    menuRef.current?.querySelector('button')?.focus();
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent && event.key !== 'Escape') return;
      if (event instanceof MouseEvent && menuRef.current?.contains(event.target as Node)) return;
      onClose();
    };
    window.addEventListener('mousedown', close);
    window.addEventListener('keydown', close);
    return () => {
      window.removeEventListener('mousedown', close);
      window.removeEventListener('keydown', close);
    };
  }, [onClose]);
  return (
    <div
      ref={menuRef}
      className="context-menu"
      style={{ left: x, top: y }}
      role="menu"
      aria-label={`actions for ${nodeId}`}
    >
      <div className="context-title">{nodeId}</div>
      {actions.length === 0 && <div className="dim">No actions available now.</div>}
      {actions.map((action) => (
        <button
          key={action}
          role="menuitem"
          className={destructive.has(action) ? 'danger' : ''}
          onClick={() => {
            onClose();
            void runNodeAction(consoleHandle, nodeId, action);
          }}
        >
          {nodeActionLabels[action]}
        </button>
      ))}
    </div>
  );
}
