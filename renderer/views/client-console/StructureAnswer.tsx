/**
 * What a structure or image operation answered: its lines (as `npm run kv` prints them), each write
 * with its key (a button that opens the PLog lens), PaxosLog entry and version, the request id, and
 * the structure's value read afterwards; or the field at fault and why.
 */
import type { ImageCommandResult, StructureCommandResult } from '../../../app/contract/structure-commands';

/** The message names the field and the limit; this says what kind of failure it is. */
const failureWords: Record<Extract<StructureCommandResult, { ok: false }>['code'], string> = {
  FIELD: 'refused',
  REQUEST_ID_REUSED: 'request id used before',
  GAVE_UP: 'gave up',
  CORRUPT_VALUE: 'not this structure’s value',
};

type Run = Extract<StructureCommandResult, { ok: true }>;
type Entry = Run['entries'][number];
type Value = NonNullable<Run['value']>;

export function StructureAnswer({
  result,
  openLens,
}: {
  result: StructureCommandResult | ImageCommandResult;
  openLens: (key: string) => void;
}) {
  if (!result.ok) {
    return (
      <div className="op-result" data-code={result.code}>
        <strong className="op-code">{failureWords[result.code]}</strong> {result.message}
        {result.requestId && <div className="dim small">request {result.requestId}</div>}
      </div>
    );
  }
  const run = 'run' in result ? result.run : result;
  return (
    <div className="op-result">
      {'hash' in result && (
        <div className="image-hash">
          hash <strong className="mono">{result.hash}</strong>{' '}
          <span className="dim">
            {result.type.toUpperCase()} {result.width}×{result.height}
          </span>
        </div>
      )}
      {result.answer.map((line, at) => (
        <div key={at} className={`mono answer-line${result.negative ? ' negative' : ''}`}>
          {line}
        </div>
      ))}
      {run && <RunLines run={run} openLens={openLens} />}
      {'value' in result && <ValueView value={result.value} problem={result.valueProblem} />}
    </div>
  );
}

function RunLines({
  run,
  openLens,
}: {
  run: Pick<Run, 'entries' | 'requestId' | 'reads' | 'attempts' | 'foundApplied' | 'latencyMs'>;
  openLens: (key: string) => void;
}) {
  return (
    <div className="structure-run">
      {run.entries.length > 0 && (
        <table className="structure-entries" aria-label="writes">
          <thead>
            <tr>
              <th>key</th>
              <th>entry</th>
              <th>version</th>
              <th>outcome</th>
            </tr>
          </thead>
          <tbody>
            {run.entries.map((entry, at) => (
              <EntryRow key={at} entry={entry} openLens={openLens} />
            ))}
          </tbody>
        </table>
      )}
      {run.foundApplied && (
        <div className="dim small">
          already applied by an earlier attempt: its tag is in {run.foundApplied.key}, version{' '}
          {run.foundApplied.version}
        </div>
      )}
      <div className="dim small">
        request <span className="mono request-id">{run.requestId}</span> · {run.reads} read
        {run.reads === 1 ? '' : 's'}
        {run.attempts > 0 ? ` · ${run.attempts} failed attempt${run.attempts === 1 ? '' : 's'}` : ''} ·{' '}
        {run.latencyMs.toFixed(1)} ms
      </div>
    </div>
  );
}

function EntryRow({ entry, openLens }: { entry: Entry; openLens: (key: string) => void }) {
  return (
    <tr data-key={entry.key} data-outcome={entry.outcome} className={entry.housekeeping ? 'dim' : ''}>
      <td>
        <button
          type="button"
          className="link mono"
          title="show in the PLog lens"
          onClick={() => openLens(entry.key)}
        >
          {entry.key}
        </button>
      </td>
      <td className="mono entry-index">{entry.index ?? '—'}</td>
      <td className="mono">
        {entry.expectedVersion} → {entry.version ?? '?'}
      </td>
      <td>
        {entry.outcome}
        {entry.path ? ` (${entry.path})` : ''}
        {entry.housekeeping ? ' · housekeeping' : ''}
      </td>
    </tr>
  );
}

function ValueView({ value, problem }: { value: Value | null; problem: string | null }) {
  if (value === null)
    return <div className="dim small">could not read the structure afterwards: {problem}</div>;
  return (
    <div className="structure-value" data-kind={value.kind} aria-label="structure value">
      <span className="dim">
        {value.kind} {value.name} now:
      </span>{' '}
      {value.kind === 'queue' && (
        <>
          {value.elements.length === 0 && <span className="dim">empty</span>}
          {value.elements.map((element) => (
            <span
              key={`${element.segment}.${element.slot}`}
              className="chip mono"
              data-element={element.value}
            >
              {element.value}{' '}
              <span className="dim">
                #{element.segment}.{element.slot}
              </span>
            </span>
          ))}
        </>
      )}
      {value.kind === 'set' && (
        <>
          {value.members.length === 0 && <span className="dim">no members</span>}
          {value.members.map((member) => (
            <span key={member} className="chip mono">
              {member}
            </span>
          ))}
        </>
      )}
      {value.kind === 'table' &&
        (value.rows.length === 0 ? (
          <span className="dim">no rows</span>
        ) : (
          <table className="structure-rows">
            <tbody>
              {value.rows.map((row) => (
                <tr key={row.primaryKey}>
                  <th className="mono">{row.primaryKey}</th>
                  <td className="mono">
                    {Object.entries(row.columns)
                      .map(([column, text]) => `${column}=${text}`)
                      .join(' ')}
                  </td>
                  <td className="dim">v{row.version}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </div>
  );
}
