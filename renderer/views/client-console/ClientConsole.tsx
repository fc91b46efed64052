/**
 * The client console: put, get, delete and compare-and-set through a chosen agent, each answer with its
 * version, index, path and latency, and on failure a plain explanation of why. Below, the background
 * workload switch.
 */
import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { kvOperation, type KvOperationKind } from '../../../app/kv/operations';
import { runOperation } from '../../actions/kv-operations';
import { useConsole, useConsoleState } from '../use-console';
import { SegmentedChoice } from '../widgets/SegmentedChoice';
import { OperationList } from './OperationList';
import { WorkloadControl } from './WorkloadControl';

/** The form's choices, in the order a person reaches for them; each is labelled with its kind. */
const kinds: readonly KvOperationKind[] = ['put', 'get', 'delete', 'cas'];

export function ClientConsole() {
  return (
    <section className="panel client-console" aria-label="client console">
      <h2>Client console</h2>
      <KvForm />
      <OperationList />
      <WorkloadControl />
    </section>
  );
}

/** The operation, the agent it goes through, the key, the value and, for CAS, the expected version. */
function KvForm() {
  const consoleHandle = useConsole();
  const nodeIds = useConsoleState(useShallow((state) => Object.keys(state.processes)));
  const [nodeId, setNodeId] = useState('');
  const [kind, setKind] = useState<KvOperationKind>('put');
  const [key, setKey] = useState('k1');
  const [value, setValue] = useState('hello');
  const [expectedVersion, setExpectedVersion] = useState(0);
  const via = nodeIds.includes(nodeId) ? nodeId : (nodeIds[0] ?? '');
  const needsValue = kind === 'put' || kind === 'cas';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!via || !key) return;
    void runOperation(consoleHandle, via, kvOperation(kind, key, value, expectedVersion));
  };

  return (
    <form className="kv-form" onSubmit={submit}>
      <SegmentedChoice label="operation" options={kinds} value={kind} onChange={setKind} />
      <label>
        <span className="dim">through</span>
        <select aria-label="agent" value={via} onChange={(event) => setNodeId(event.target.value)}>
          {nodeIds.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span className="dim">key</span>
        <input
          id="kv-key"
          aria-label="key"
          className="mono"
          value={key}
          onChange={(event) => setKey(event.target.value)}
        />
      </label>
      {needsValue && (
        <label>
          <span className="dim">value</span>
          <input
            aria-label="value"
            className="mono"
            value={value}
            onChange={(event) => setValue(event.target.value)}
          />
        </label>
      )}
      {kind === 'cas' && (
        <label>
          <span className="dim">if version is</span>
          <input
            aria-label="expected version"
            type="number"
            min={0}
            className="mono narrow"
            value={expectedVersion}
            onChange={(event) => setExpectedVersion(Math.max(0, Number(event.target.value) || 0))}
          />
        </label>
      )}
      <button type="submit" className="primary" disabled={!via || !key}>
        Send
      </button>
    </form>
  );
}
