/** One row per key of the run with its verdict (main's final one, else the live one), updated as it runs. */
import type { KeyRow } from '../../checker/key-verdict-rows';
import { useConsole } from '../use-console';

export function KeyVerdictList({ rows }: { rows: readonly KeyRow[] }) {
  const { store } = useConsole();
  return (
    <ul className="key-verdicts" aria-label="verdict per key">
      {rows.map((row) => (
        <li
          key={row.key}
          data-key={row.key}
          data-verdict={row.status}
          className={`key-verdict verdict-${row.status}`}
        >
          <span className="mono key-name" title={row.key}>
            {row.key.replace(/^.*-(k\d+)$/, '$1')}
          </span>
          <span className="verdict-word">{row.status}</span>
          <span className="dim small">
            {row.source === 'live' ? `live, ${row.checked}/${row.total} ops` : `${row.total} ops`}
          </span>
          {row.status === 'violation' && row.verdict?.blockedOperationId && (
            <button
              className="link"
              onClick={() => store.setState({ checkerSelectedId: row.verdict!.blockedOperationId })}
            >
              show {row.verdict.blockedOperationId}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
