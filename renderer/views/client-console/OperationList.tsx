/** The operations run from the client console, newest first: what was asked, and what came back. */
import type { ReplyPath } from '../../../app/kv/operations';
import type { OperationRecord } from '../../store/slices/client-slice';
import { useConsoleState } from '../use-console';

export function OperationList() {
  const operations = useConsoleState((state) => state.operations);
  if (operations.length === 0) return <p className="dim">Results appear here.</p>;
  return (
    <ol className="operations" aria-label="operation results">
      {operations.slice(0, 30).map((record) => (
        <OperationItem key={record.id} record={record} />
      ))}
    </ol>
  );
}

function OperationItem({ record }: { record: OperationRecord }) {
  const { operation, outcome } = record;
  const status =
    outcome.status === 'pending'
      ? 'pending'
      : outcome.status === 'error' || !outcome.result.ok
        ? 'failed'
        : 'ok';
  return (
    <li
      className={`operation op-${status}`}
      data-status={status}
      data-node={record.nodeId}
      data-key={operation.key}
    >
      <div className="op-head">
        <span className="op-kind">{operation.kind}</span>
        <span className="mono">{operation.key}</span>
        {'value' in operation && <span className="mono dim">= {truncate(operation.value)}</span>}
        {operation.kind === 'cas' && <span className="dim">if v{operation.expectedVersion}</span>}
        <span className="dim">via {record.nodeId}</span>
      </div>
      <OutcomeLine outcome={outcome} />
    </li>
  );
}

function OutcomeLine({ outcome }: { outcome: OperationRecord['outcome'] }) {
  if (outcome.status === 'pending') return <div className="op-result dim">waiting for a quorum…</div>;
  if (outcome.status === 'error') {
    return (
      <div className="op-result">
        <strong>{outcome.error.code}</strong> {outcome.error.message}
      </div>
    );
  }
  const result = outcome.result;
  if (!result.ok) {
    return (
      <div className="op-result">
        <div>
          <strong className="op-code">{result.code}</strong>
          <span className="dim">
            {' '}
            after {result.latencyMs.toFixed(1)} ms
            {result.currentVersion !== null ? ` · current version ${result.currentVersion}` : ''}
            {result.definite === false ? ' · may still be chosen' : ''}
          </span>
        </div>
        <div className="explanation">{result.explanation}</div>
        {result.message && <div className="dim small">{result.message}</div>}
      </div>
    );
  }
  const missing = result.operation === 'get' && !result.found;
  return (
    <div className="op-result">
      <strong className="op-ok">OK</strong>
      {result.operation === 'get' && (
        <span className="mono"> {missing ? '(not found)' : truncate(result.value ?? '')}</span>
      )}
      <span className="dim">
        {' '}
        version {result.version} · index {result.index} · {pathWords[result.path]} · served by{' '}
        {result.servedBy} · {result.latencyMs.toFixed(1)} ms
      </span>
    </div>
  );
}

const pathWords: Record<ReplyPath, string> = {
  fast: 'fast path (1 round trip)',
  prepare: 'prepare + accept (2 round trips)',
  local: 'served locally',
  'catch-up': 'after catching up',
  redo: 'after finishing a pending instance',
  dedup: 'already applied (same request id)',
  quorum: 'W=2 / R=2 replicas answered (no Paxos)',
  leader: "ordered in the leader's log",
};

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
