/** A one-way cut between two nodes, and a rule for a link: extra delay, jitter, loss and duplication. */
import { useState } from 'react';
import { applyFault } from '../../actions/faults';
import { useConsole } from '../use-console';
import { useLocations } from '../use-cluster';

export function NodePick({
  label,
  value,
  onChange,
  any,
}: {
  label: string;
  value: string;
  onChange: (id: string) => void;
  any?: boolean;
}) {
  const locations = useLocations();
  return (
    <select aria-label={label} value={value} onChange={(event) => onChange(event.target.value)}>
      {any && <option value="*">any node</option>}
      {locations.map((node) => (
        <option key={node.id} value={node.id}>
          {node.id}
        </option>
      ))}
    </select>
  );
}

export function CutControl() {
  const consoleHandle = useConsole();
  const locations = useLocations();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const source = from || locations[0]?.id || '';
  const target = to || locations[1]?.id || '';
  return (
    <details className="fault-control">
      <summary>One-way cut</summary>
      <div className="row">
        <NodePick label="cut from" value={source} onChange={setFrom} />
        <span aria-hidden="true">↛</span>
        <NodePick label="cut to" value={target} onChange={setTo} />
        <button
          className="danger"
          disabled={!source || source === target}
          onClick={() =>
            void applyFault(
              consoleHandle,
              { kind: 'cut', from: source, to: target },
              `Cut ${source} → ${target}`,
            )
          }
        >
          Cut
        </button>
      </div>
    </details>
  );
}

export function LinkRuleControl() {
  const consoleHandle = useConsole();
  const [from, setFrom] = useState('*');
  const [to, setTo] = useState('*');
  const [delayMs, setDelayMs] = useState(200);
  const [jitterMs, setJitterMs] = useState(0);
  const [lossPercent, setLossPercent] = useState(0);
  const [duplicatePercent, setDuplicatePercent] = useState(0);
  const rule = {
    from,
    to,
    delayMs,
    jitterMs,
    dropProbability: lossPercent / 100,
    duplicateProbability: duplicatePercent / 100,
  };
  const what = `Link ${from} → ${to}: +${delayMs} ms${jitterMs ? ` ±${jitterMs}` : ''}, ${lossPercent}% loss, ${duplicatePercent}% duplicated`;
  return (
    <details className="fault-control">
      <summary>Slow or lossy link</summary>
      <div className="row">
        <NodePick label="link from" value={from} onChange={setFrom} any />
        <span aria-hidden="true">→</span>
        <NodePick label="link to" value={to} onChange={setTo} any />
      </div>
      <div className="row numbers">
        <NumberField label="delay ms" value={delayMs} max={60_000} onChange={setDelayMs} />
        <NumberField label="jitter ms" value={jitterMs} max={60_000 - delayMs} onChange={setJitterMs} />
        <NumberField label="loss %" value={lossPercent} max={100} onChange={setLossPercent} />
        <NumberField label="duplicate %" value={duplicatePercent} max={100} onChange={setDuplicatePercent} />
      </div>
      <button onClick={() => void applyFault(consoleHandle, { kind: 'link', rule }, what)}>Apply rule</button>
    </details>
  );
}

function NumberField({
  label,
  value,
  max,
  onChange,
}: {
  label: string;
  value: number;
  max: number;
  onChange: (value: number) => void;
}) {
  return (
    <label className="number-field">
      <span className="dim">{label}</span>
      <input
        type="number"
        aria-label={label}
        min={0}
        max={max}
        value={value}
        onChange={(event) =>
          onChange(Math.min(max, Math.max(0, Math.round(Number(event.target.value) || 0))))
        }
      />
    </label>
  );
}
