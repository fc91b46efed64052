/**
 * The client console: put, get, delete and compare-and-set through a chosen agent, each answer with its
 * version, index, path and latency, and on failure a plain explanation of why. Then queues, sets and
 * tables (StructurePanel), and a PNG or JPEG dropped anywhere on the console hashed for iset and iget.
 * Below, the background workload switch.
 */
import { useState, type DragEvent, type FormEvent } from 'react';
import { imageBase64CharsMax } from '../../../app/contract/structure-commands';
import { kvOperation, type KvOperationKind } from '../../../app/kv/operations';
import { runOperation } from '../../actions/kv-operations';
import { useConsole } from '../use-console';
import { SegmentedChoice } from '../widgets/SegmentedChoice';
import { AgentSelect, useAgentChoice } from './AgentSelect';
import { OperationList } from './OperationList';
import { readDropped, sendImage, track, type StructureRecord } from './structure-records';
import { StructurePanel } from './StructurePanel';
import { WorkloadControl } from './WorkloadControl';

/** The form's choices, in the order a person reaches for them; each is labelled with its kind. */
const kinds: readonly KvOperationKind[] = ['put', 'get', 'delete', 'cas'];

export function ClientConsole() {
  const consoleHandle = useConsole();
  const [records, setRecords] = useState<StructureRecord[]>([]);
  const [chosen, setChosen] = useState('');
  const { via } = useAgentChoice(chosen);
  const [dragging, setDragging] = useState(false);

  const dropped = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (!file || !via) return;
    void readDropped(file, imageBase64CharsMax).then((image) => {
      const title = `hash ${file.name}`;
      if (typeof image === 'string') {
        const refusal = { status: 'error' as const, field: 'file', message: image };
        return track(setRecords, { nodeId: via, title, image: null }, () => Promise.resolve(refusal));
      }
      return track(setRecords, { nodeId: via, title, image }, () =>
        sendImage(consoleHandle, via, image, 'hash'),
      );
    });
  };

  return (
    <section
      className={`panel client-console${dragging ? ' drop-target' : ''}`}
      aria-label="client console"
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={dropped}
    >
      <h2>Client console</h2>
      <KvForm />
      <OperationList />
      <StructurePanel records={records} update={setRecords} via={via} setVia={setChosen} />
      <WorkloadControl />
    </section>
  );
}

/** The operation, the agent it goes through, the key, the value and, for CAS, the expected version. */
function KvForm() {
  const consoleHandle = useConsole();
  const [nodeId, setNodeId] = useState('');
  const { via } = useAgentChoice(nodeId);
  const [kind, setKind] = useState<KvOperationKind>('put');
  const [key, setKey] = useState('k1');
  const [value, setValue] = useState('hello');
  const [expectedVersion, setExpectedVersion] = useState(0);
  const needsValue = kind === 'put' || kind === 'cas';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!via || !key) return;
    void runOperation(consoleHandle, via, kvOperation(kind, key, value, expectedVersion));
  };

  return (
    <form className="kv-form" onSubmit={submit}>
      <SegmentedChoice label="operation" options={kinds} value={kind} onChange={setKind} />
      <AgentSelect label="agent" value={via} onChange={setNodeId} />
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
