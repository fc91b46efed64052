/**
 * The console's commands, implemented once. Both bridges (Electron IPC and the headless WebSocket)
 * validate input against the contract and then call `handlers`; state reaches them as `stateDelta`
 * events from `subscribe`.
 */
import type { ConsoleHandlers } from '../../app/contract/console-contract';
import type { EventMessage } from '../../app/contract/envelope';
import { defaultRecorderCapacity } from '../agents/event-recorder';
import type { ClusterSupervisor } from '../supervisor/cluster-supervisor';
import { defaultRunsRoot } from '../supervisor/run-registry';
import {
  attachCluster,
  detachCluster,
  nodeAction,
  replaySimulated,
  startCluster,
  startSimulatedCluster,
  stopCluster,
  type SpawnSettings,
} from './cluster-commands';
import { ConsoleContext } from './console-context';
import { runKv } from './kv-commands';
import { runImage, runStructure } from './structure-commands';
import { exportTrace, importTrace, readEvents } from './trace-commands';
import {
  applyFault,
  inspectKey,
  listHeld,
  protocolRate,
  releaseHeld,
  setProtocolPace,
} from './fault-commands';
import { contractFailure } from '../../app/contract/errors';
import { CheckerRuns } from '../checker/checker-runs';
import { simulationAct, viewOf } from '../simulated/simulation-commands';
import { ComparisonRuns } from '../checker/comparison-runs';
import { LessonService } from '../lessons/lesson-service';
import { shareScenario } from '../lessons/share-scenario';

export interface ConsoleServiceOptions {
  /** Where run directories go (default: PAXOSCOPE_RUNS_DIR or a folder under the OS temp dir). */
  runsRoot?: string;
  /** The agent bundle to spawn (default: dist/node-agent/agent.mjs). */
  bundlePath?: string;
  recorderCapacity?: number;
  readyTimeoutMs?: number;
  healthIntervalMs?: number;
}

export class ConsoleService {
  readonly handlers: ConsoleHandlers;
  private readonly context: ConsoleContext;
  private readonly checker: CheckerRuns;
  private readonly comparison: ComparisonRuns;
  private readonly lessons: LessonService;
  private supervisor: ClusterSupervisor | null = null;

  constructor(options: ConsoleServiceOptions = {}) {
    this.context = new ConsoleContext({
      recorderCapacity: options.recorderCapacity ?? defaultRecorderCapacity,
      healthIntervalMs: options.healthIntervalMs ?? 1000,
    });
    this.checker = new CheckerRuns(this.context);
    this.comparison = new ComparisonRuns(this.context);
    const spawn: SpawnSettings = {
      runsRoot: options.runsRoot ?? defaultRunsRoot(),
      readyTimeoutMs: options.readyTimeoutMs ?? 15_000,
      ...(options.bundlePath ? { bundlePath: options.bundlePath } : {}),
      onSupervisor: (supervisor) => {
        this.supervisor = supervisor;
      },
    };
    // A lesson on real agents starts them as the cluster dialog's Start does, on the lesson's protocol.
    this.lessons = new LessonService(this.context, undefined, (protocol) =>
      startCluster(this.context, spawn, { ports: 'free', sync: 'always', protocol }),
    );
    this.handlers = this.createHandlers(spawn);
  }

  subscribe(listener: (message: EventMessage) => void): () => void {
    return this.context.publisher.subscribe(listener);
  }

  /** Stops whatever the console started (used on window close, SIGINT and SIGTERM). */
  async shutdown(): Promise<void> {
    await Promise.all([this.checker.abortAndWait(), this.comparison.abortAndWait()]);
    await this.context.releaseSession();
    this.supervisor = null;
    this.context.merger.dispose();
  }

  /** For process exit handlers, which cannot wait: SIGKILL every agent the console started. */
  killNow(): void {
    this.supervisor?.killAllNow();
  }

  private createHandlers(spawn: SpawnSettings): ConsoleHandlers {
    const context = this.context;
    return {
      getSnapshot: () => Promise.resolve(context.publisher.snapshot()),
      startCluster: (input) => startCluster(context, spawn, input),
      startSimulatedCluster: (input) => startSimulatedCluster(context, input),
      simulationView: () => Promise.resolve(viewOf(context)),
      simulationAct: (input) => simulationAct(context, input, (seed) => replaySimulated(context, seed)),
      // A checked run going on ends (and heals) before its cluster goes away.
      stopCluster: () => this.checker.abortAndWait().then(() => stopCluster(context, spawn)),
      attachCluster: (input) => attachCluster(context, input),
      detachCluster: () => this.checker.abortAndWait().then(() => detachCluster(context)),
      killNode: ({ nodeId }) => nodeAction(context, 'kill', nodeId),
      restartNode: ({ nodeId }) => nodeAction(context, 'restart', nodeId),
      wipeAndRestartNode: ({ nodeId }) => nodeAction(context, 'wipeAndRestart', nodeId),
      pauseNode: ({ nodeId }) => nodeAction(context, 'pause', nodeId),
      resumeNode: ({ nodeId }) => nodeAction(context, 'resume', nodeId),
      kv: (input) => runKv(context.requireClient(input.nodeId), input, protocolRate(context, input.nodeId)),
      structure: (input) =>
        runStructure(
          context.requireClient(input.nodeId),
          context.requireSession().topology,
          input,
          protocolRate(context, input.nodeId),
        ),
      image: (input) =>
        runImage(
          context.requireClient(input.nodeId),
          context.requireSession().topology,
          input,
          protocolRate(context, input.nodeId),
        ),
      getNodeLog: (input) => {
        context.requireClient(input.nodeId);
        const tail = context.requireSession().logTail(input.nodeId);
        if (!tail)
          throw contractFailure(
            'NOT_SUPPORTED',
            'nodeId',
            `the console did not start ${input.nodeId}, so it has no output`,
          );
        return Promise.resolve({
          nodeId: input.nodeId,
          lines: tail.newest(input.linesMax),
          droppedLines: tail.dropped,
        });
      },
      inspectKey: (input) => inspectKey(context, input),
      applyFault: (input) => applyFault(context, input),
      listHeld: () => listHeld(context),
      releaseHeld: (input) => releaseHeld(context, input),
      setProtocolPace: (input) => setProtocolPace(context, input),
      readEvents: (input) => Promise.resolve(readEvents(context, input)),
      exportTrace: () => Promise.resolve(exportTrace(context)),
      importTrace: (input) => Promise.resolve(importTrace(context, input)),
      startCheckerRun: (input) => Promise.resolve(this.checker.start(input)),
      stopCheckerRun: () => Promise.resolve(this.checker.stop()),
      exportCheckerRun: () => Promise.resolve(this.checker.exportRun()),
      startComparison: (input) => Promise.resolve(this.comparison.start(input)),
      stopComparison: () => Promise.resolve(this.comparison.stop()),
      listLessons: () => Promise.resolve(this.lessons.list()),
      openLesson: ({ id, on }) => this.lessons.open(id, on),
      lessonView: () => Promise.resolve(this.lessons.view()),
      lessonAct: (input) => this.lessons.act(input),
      shareScenario: () => Promise.resolve(shareScenario(context)),
    };
  }
}
