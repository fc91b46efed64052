/**
 * The --corrupt fault from the panel: flip a byte of a key's chosen value on one replica's disk, then
 * watch that replica's verifier find the copy that differs from the other two and rewrite it (its
 * verification event, the caption and the node inspector's counters). docs/data-verification.md.
 */
import { useState } from 'react';
import { applyFault } from '../../actions/faults';
import { useConsole } from '../use-console';
import { useLocations } from '../use-cluster';
import { NodePick } from './LinkControls';

export function CorruptControl() {
  const consoleHandle = useConsole();
  const locations = useLocations();
  const [picked, setPicked] = useState('');
  const [key, setKey] = useState('');
  const node = picked || locations[0]?.id || '';
  return (
    <details className="fault-control corrupt-control">
      <summary>Corrupt a stored value</summary>
      <p className="dim small">
        Flips one byte of the key&apos;s chosen value in the node&apos;s LevelDB (the node must be one of the
        key&apos;s replicas). Its verifier compares the copy with the other two and rewrites it.
      </p>
      <div className="row">
        <NodePick label="corrupt on node" value={node} onChange={setPicked} />
        <input
          aria-label="key to corrupt"
          placeholder="key"
          value={key}
          onChange={(event) => setKey(event.target.value)}
        />
        <button
          className="danger"
          disabled={!node || key === ''}
          onClick={() =>
            void applyFault(
              consoleHandle,
              { kind: 'corrupt', node, key },
              `Corrupted ${node}'s stored copy of ${key}; its verifier should find it`,
            )
          }
        >
          Corrupt
        </button>
      </div>
    </details>
  );
}
