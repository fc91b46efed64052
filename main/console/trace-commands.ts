/** Paging through the recorder, exporting it as a trace file, and importing one for offline viewing. */
import type { CommandArgs, CommandOutput } from '../../app/contract/console-contract';
import { contractFailure } from '../../app/contract/errors';
import { recentEventsMax } from '../../app/contract/console-state';
import { formatTrace, readTrace, traceFileName } from '../agents/trace-file';
import type { ConsoleContext } from './console-context';

export function readEvents(
  context: ConsoleContext,
  input: CommandArgs<'readEvents'>,
): CommandOutput<'readEvents'> {
  return { ...context.recorder.read(input.from, input.limit), firstHeld: context.recorder.firstHeld() };
}

/** The recorder's events under a header with the topology they ran on, so any console can draw them. */
export function exportTrace(context: ConsoleContext): CommandOutput<'exportTrace'> {
  const events = context.recorder.held();
  const text = formatTrace(events, context.cluster().topology);
  return { fileName: traceFileName(), eventCount: events.length, text };
}

/**
 * Replaces the recorder's contents with the file's events and shows the file's topology; needs no agents,
 * and refuses while a cluster runs (the renderer shows a trace beside a running cluster by itself).
 */
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
  const { events, topology } = readTrace(input.text);
  context.recorder.clear();
  context.recorder.record(events);
  context.publisher.publish({ kind: 'eventsCleared' });
  context.publisher.publish({ kind: 'events', events: events.slice(-recentEventsMax) });
  context.publisher.publish({ kind: 'recorder', recorder: context.recorder.view() });
  context.setCluster({
    mode: 'trace',
    phase: 'stopped',
    topology,
    runId: null,
    dataDir: null,
    progress: null,
    error: null,
    traceName: input.fileName,
  });
  return { eventCount: events.length };
}
