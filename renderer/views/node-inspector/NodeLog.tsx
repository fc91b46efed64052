/** The tail of the node's own output (stdout and stderr), refreshed while the inspector is open. */
import { useEffect, useState } from 'react';
import type { CommandOutput } from '../../../app/contract/console-contract';
import { failureText } from '../../actions/notices';
import { useConsole } from '../use-console';

const refreshMs = 2_000;
const linesMax = 200;

export function NodeLog({ nodeId }: { nodeId: string }) {
  const { client } = useConsole();
  const [log, setLog] = useState<CommandOutput<'getNodeLog'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    const load = () =>
      client.call('getNodeLog', { nodeId, linesMax }).then(
        (output) => {
          if (!alive) return;
          setLog(output);
          setError(null);
        },
        (failure: unknown) => alive && setError(failureText(failure)),
      );
    void load();
    const timer = setInterval(() => void load(), refreshMs);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [client, nodeId]);
  return (
    <details className="node-log" open>
      <summary>
        log{' '}
        {log && log.droppedLines > 0 && <span className="dim">({log.droppedLines} older lines dropped)</span>}
      </summary>
      {error && <div className="dim">{error}</div>}
      <pre className="mono">
        {log?.lines.map((line, i) => (
          <div key={i}>{line.text}</div>
        ))}
      </pre>
    </details>
  );
}
