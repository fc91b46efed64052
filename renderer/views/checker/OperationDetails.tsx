/** The selected operation in full, and when the check could not place it, why. */
import { describeOperation } from '../../../app/checker/report';
import type { KeyRow } from '../../checker/key-verdict-rows';
import type { CheckerView } from '../../store/slices/checker-slice';
import { useConsole, useConsoleState } from '../use-console';

export function OperationDetails({ view, rows }: { view: CheckerView; rows: readonly KeyRow[] }) {
  const { store } = useConsole();
  const selectedId = useConsoleState((state) => state.checkerSelectedId);
  const operation = selectedId ? view.operations.find((candidate) => candidate.id === selectedId) : undefined;
  if (!operation)
    return <div className="operation-details dim small">Click an operation to see it here.</div>;
  const verdict = rows.find((row) => row.key === operation.key)?.verdict ?? null;
  const blocked = verdict?.blockedOperationId === operation.id;
  const concurrent = verdict?.concurrentOperationIds.includes(operation.id) ?? false;
  return (
    <div className="operation-details" data-operation={operation.id} aria-label="operation details">
      <div className="mono small">{describeOperation(operation)}</div>
      <div className="dim small">key {operation.key}</div>
      {verdict && (blocked || concurrent) && (
        <div className="unplaced small">
          {blocked
            ? blockedText(verdict)
            : `Pending with the blocked operation ${verdict.blockedOperationId}: it could not be placed either.`}
          {verdict.concurrentOperationIds.length > 0 && (
            <div className="pending-with">
              pending with it:{' '}
              {verdict.concurrentOperationIds.map((id) => (
                <button
                  key={id}
                  className="link mono"
                  onClick={() => store.setState({ checkerSelectedId: id })}
                >
                  {id}
                </button>
              ))}
            </div>
          )}
        </div>
      )}
    </div>
  );
}

/** A pre-check proves a violation without a search and says how; the search names where it stuck. */
function blockedText(verdict: NonNullable<KeyRow['verdict']>): string {
  if (verdict.verdict === 'violation' && verdict.reason) return `Proved without a search: ${verdict.reason}`;
  return `The check linearized ${operationCount(verdict.linearizedCount)} of this key; then this one had to take effect before it returned, and no order of it and the operations pending with it explains what they answered.`;
}

function operationCount(count: number): string {
  return `${count} operation${count === 1 ? '' : 's'}`;
}
