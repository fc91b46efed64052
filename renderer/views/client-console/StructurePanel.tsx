/**
 * Queues, sets and tables in the client console: an operation through a chosen agent, answered with
 * what it did, each write it made (key, PaxosLog entry, request id; a key opens the PLog lens) and the
 * structure's whole value afterwards. A PNG or JPEG dropped on the client console shows its average
 * hash and offers iset and iget.
 */
import { useState, type FormEvent } from 'react';
import { updateSettings } from '../../actions/settings';
import { useConsole } from '../use-console';
import { SegmentedChoice } from '../widgets/SegmentedChoice';
import { AgentSelect } from './AgentSelect';
import {
  checkFields,
  fieldsOf,
  operationsOf,
  type StructureFields,
  type StructureKind,
} from './structure-form';
import './structures.css';
import { sendImage, sendStructure, titleOf, track, type StructureRecord } from './structure-records';
import { StructureAnswer } from './StructureAnswer';

const kinds: readonly StructureKind[] = ['queue', 'set', 'table'];

export type UpdateRecords = (change: (records: StructureRecord[]) => StructureRecord[]) => void;

export function StructurePanel({
  records,
  update,
  via,
  setVia,
}: {
  records: StructureRecord[];
  update: UpdateRecords;
  via: string;
  setVia: (nodeId: string) => void;
}) {
  return (
    <div className="structures" aria-label="structures">
      <StructureForm update={update} via={via} setVia={setVia} />
      <p className="dim small">Drop a PNG or JPEG here to find its average hash, then iset or iget it.</p>
      {records.length > 0 && (
        <ol className="structure-results" aria-label="structure results">
          {records.map((record) => (
            <StructureItem key={record.id} record={record} update={update} />
          ))}
        </ol>
      )}
    </div>
  );
}

function StructureForm({
  update,
  via,
  setVia,
}: {
  update: UpdateRecords;
  via: string;
  setVia: (id: string) => void;
}) {
  const consoleHandle = useConsole();
  const [kind, setKind] = useState<StructureKind>('queue');
  const [fields, setFields] = useState<StructureFields>({
    operation: 'qpush',
    name: 'jobs',
    item: 'job-1',
    primaryKey: 'ada',
    columns: 'name=Ada role=admin',
    conditions: 'role=admin',
    from: '',
    to: '',
  });
  const set = (change: Partial<StructureFields>) => setFields((now) => ({ ...now, ...change }));
  const check = checkFields(kind, fields);
  const takes = fieldsOf(fields.operation);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!check.ok || !via) return;
    const { action } = check;
    void track(update, { nodeId: via, title: titleOf(action), image: null }, () =>
      sendStructure(consoleHandle, via, action),
    );
  };

  const text = (label: string, value: string, change: (value: string) => void, wide = false) => (
    <label>
      <span className="dim">{label}</span>
      <input
        aria-label={`structure ${label}`}
        className={`mono${wide ? ' wide' : ''}`}
        value={value}
        onChange={(event) => change(event.target.value)}
      />
    </label>
  );

  return (
    <form className="kv-form structure-form" onSubmit={submit} aria-label="structure operation">
      <SegmentedChoice
        label="structure"
        options={kinds}
        value={kind}
        onChange={(next) => {
          setKind(next);
          set({
            operation: operationsOf[next][0]!,
            name: next === 'queue' ? 'jobs' : next === 'set' ? 'tags' : 'users',
          });
        }}
      />
      <SegmentedChoice
        label="structure operation"
        options={operationsOf[kind]}
        value={fields.operation}
        onChange={(operation) => set({ operation })}
      />
      <AgentSelect label="structure via" value={via} onChange={setVia} />
      {text(kind, fields.name, (name) => set({ name }))}
      {takes.item && text(kind === 'queue' ? 'element' : 'member', fields.item, (item) => set({ item }))}
      {takes.primaryKey && text('primary key', fields.primaryKey, (primaryKey) => set({ primaryKey }))}
      {takes.conditions && text('if', fields.conditions, (conditions) => set({ conditions }), true)}
      {takes.columns &&
        text(
          fields.operation === 'tupdate' ? 'set' : 'columns',
          fields.columns,
          (columns) => set({ columns }),
          true,
        )}
      {takes.range && text('from', fields.from, (from) => set({ from }))}
      {takes.range && text('to', fields.to, (to) => set({ to }))}
      <button type="submit" className="primary" disabled={!check.ok || !via}>
        Run
      </button>
      {!check.ok && (
        <span className="form-problem" role="status">
          {check.field}: {check.problem}
        </span>
      )}
    </form>
  );
}

function StructureItem({ record, update }: { record: StructureRecord; update: UpdateRecords }) {
  const consoleHandle = useConsole();
  const { answer } = record;
  const [metadata, setMetadata] = useState('');
  const failed =
    answer.status === 'error' ||
    ((answer.status === 'structure' || answer.status === 'image') && !answer.result.ok);
  const status = answer.status === 'pending' ? 'pending' : failed ? 'failed' : 'ok';
  const openLens = (key: string) => {
    consoleHandle.store.setState({ pickedKey: key });
    updateSettings(consoleHandle.store, { followLastWritten: false });
  };
  const image = record.image;
  const again = (op: 'iset' | 'iget') => {
    if (!image) return;
    void track(update, { nodeId: record.nodeId, title: `${op} ${image.fileName}`, image }, () =>
      sendImage(consoleHandle, record.nodeId, image, op, metadata),
    );
  };
  const hashed = answer.status === 'image' && answer.result.ok && answer.result.op === 'hash';
  return (
    <li className={`structure-op op-${status}`} data-status={status} data-title={record.title}>
      <div className="op-head">
        <span className="op-kind">{record.title}</span>
        <span className="dim">via {record.nodeId}</span>
      </div>
      {answer.status === 'pending' && <div className="op-result dim">waiting for a quorum…</div>}
      {answer.status === 'error' && (
        <div className="op-result">
          <strong className="op-code">{answer.field}</strong> {answer.message}
        </div>
      )}
      {(answer.status === 'structure' || answer.status === 'image') && (
        <StructureAnswer result={answer.result} openLens={openLens} />
      )}
      {hashed && image && (
        <div className="row image-actions">
          <input
            aria-label="image metadata"
            className="mono"
            placeholder="metadata for iset"
            value={metadata}
            onChange={(event) => setMetadata(event.target.value)}
          />
          <button type="button" onClick={() => again('iset')}>
            iset
          </button>
          <button type="button" onClick={() => again('iget')}>
            iget
          </button>
        </div>
      )}
    </li>
  );
}
