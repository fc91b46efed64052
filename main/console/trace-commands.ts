/** Paging through the recorder, exporting it as a trace file, and importing one for offline viewing. */
import type { CommandArgs, CommandOutput } from '../../app/contract/console-contract';
import { contractFailure } from '../../app/contract/errors';
import { recentEventsMax } from '../../app/contract/console-state';
import { formatTrace, parseTrace, traceFileName } from '../agents/trace-file';
import type { ConsoleContext } from './console-context';

export function readEvents(
  context: ConsoleContext,
  input: CommandArgs<'readEvents'>,
): CommandOutput<'readEvents'> {
  return { ...context.recorder.read(input.from, input.limit), firstHeld: context.recorder.firstHeld() };
}

export function exportTrace(context: ConsoleContext): CommandOutput<'exportTrace'> {
  const events = context.recorder.held();
  return { fileName: traceFileName(), eventCount: events.length, text: formatTrace(events) };
}

/** Replaces the recorder's contents with the file's events; needs no agents, refuses while a cluster runs. */
export function importTrace(
  context: ConsoleContext,
  input: CommandArgs<'importTrace'>,
): CommandOutput<'importTrace'> {
  if (context.session) {
    throw contractFailure(
      'CLUSTER_RUNNING',
      '(cluster)',
      'stop or detach the cluster before viewing a trace',
    );
  }
  const events = parseTrace(input.text);
  context.recorder.clear();
  context.recorder.record(events);
  context.publisher.publish({ kind: 'eventsCleared' });
  context.publisher.publish({ kind: 'events', events: events.slice(-recentEventsMax) });
  context.publisher.publish({ kind: 'recorder', recorder: context.recorder.view() });
  context.setCluster({
    mode: 'trace',
    phase: 'stopped',
    topology: null,
    runId: null,
    dataDir: null,
    progress: null,
    error: null,
    traceName: input.fileName,
  });
  return { eventCount: events.length };
}
