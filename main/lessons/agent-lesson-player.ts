/**
 * Plays a lesson on real agents, one step at a time (docs/lessons.md, "On real agents"): each command
 * goes through the services the console's own panels use (a KV call to the node, a fault change at
 * every agent's gate, kill, restart, wipe and restart), `tick MS` lets MS of protocol time pass and
 * `stabilize` waits until every request made so far is answered and the agents fall quiet. The agents
 * run at a quarter of real time (`agentLessonPace`, the console's protocol pace): a class can follow
 * it, and a busy machine does not make every 50 ms round time out. The step's
 * story is the captions of the events the agents reported meanwhile, and its checks and its question's
 * answer are computed from what the real run did (app/lessons/step-outcome.ts), so the reveal is
 * honest even when the real run differs from the simulator's.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ContractFailure } from '../../app/contract/errors';
import { agentCommandOf, type AgentCommand } from '../../app/lessons/agent-commands';
import type { Lesson } from '../../app/lessons/lesson-schema';
import type { ClientOp } from '../../app/simulator/inputs';
import type { LessonReply } from '../../app/lessons/run-facts';
import {
  stepOutcome,
  type CommandRun,
  type PeekRead,
  type StepOutcome,
} from '../../app/lessons/step-outcome';
import type { ClusterEvent } from '../../app/model/cluster-event';
import { nodeAction } from '../console/cluster-commands';
import type { ConsoleContext } from '../console/console-context';
import { applyFault, protocolRate } from '../console/fault-commands';
import { runKv } from '../console/kv-commands';
import { agentFacts, lessonReply, peekAgent, recordsOnAgents } from './agent-facts';

/** The protocol pace a lesson sets on real agents: their timers run at this fraction of real time. */
export const agentLessonPace = 0.25;
/** How long the agents must send no event before a step counts as quiet, and the most it waits for that. */
export const quietMs = 400;
export const quietWaitMsMax = 8_000;

export class AgentLessonPlayer {
  /** Each request's reply: its first ok one over all attempts, else its latest refusal. */
  private readonly replies = new Map<string, LessonReply>();
  /** Each request the lesson made, c1 first, to send again on `retry`. */
  private readonly requests: ClientOp[] = [];
  private readonly pending = new Set<Promise<void>>();
  private events: ClusterEvent[] = [];
  private lastEventMs = performance.now();
  private readonly startedMs = performance.now();
  private readonly unsubscribe: () => void;
  private nextStep = 0;

  constructor(
    readonly lesson: Lesson,
    private readonly context: ConsoleContext,
  ) {
    const session = context.requireSession();
    this.unsubscribe = context.publisher.subscribe((message) => {
      // The lesson's cluster is gone (stopped or replaced): its events are no one's.
      if (context.session !== session) return this.dispose();
      const change = message.payload.change;
      if (change.kind !== 'events') return;
      this.events.push(...change.events);
      this.lastEventMs = performance.now();
    });
  }

  get done(): boolean {
    return this.nextStep >= this.lesson.steps.length;
  }

  /** How many steps have run. */
  get played(): number {
    return this.nextStep;
  }

  /** Stops listening; requests still on their way are left to answer no one. */
  dispose(): void {
    this.unsubscribe();
  }

  /** Runs the next step on the agents and judges it; null once the lesson is over. */
  async next(): Promise<StepOutcome | null> {
    if (this.done) return null;
    const index = this.nextStep++;
    const step = this.lesson.steps[index]!;
    this.events = [];
    const peeks: PeekRead[] = [];
    const commands: CommandRun[] = [];
    for (const [c, text] of step.do.entries()) {
      const line = this.lesson.lines[`steps[${index}].do[${c}]`] ?? 0;
      commands.push({ text, line, output: await this.run(text, peeks) });
    }
    await this.quiet();
    const events = [...this.events];
    const facts = await agentFacts(this.context, step, this.replies);
    return stepOutcome(this.lesson, index, { commands, peeks, events }, facts, true);
  }

  /** Runs one command; what the console refuses (a node already down) is its output, and the lesson goes on. */
  private async run(text: string, peeks: PeekRead[]): Promise<string[]> {
    const command = agentCommandOf(text, this.context.requireSession().topology);
    try {
      return await this.perform(command, peeks);
    } catch (error) {
      if (!(error instanceof ContractFailure)) throw error;
      return [`error: ${error.message}`];
    }
  }

  private async perform(command: AgentCommand, peeks: PeekRead[]): Promise<string[]> {
    const context = this.context;
    switch (command.kind) {
      case 'client':
        this.requests.push(command.op);
        this.send(`c${this.requests.length}`, command.node, command.op);
        return [];
      case 'retry': {
        const op = this.requests[Number(command.of.slice(1)) - 1];
        if (!op) return [`error: no request ${command.of} has been made`];
        this.send(command.of, command.node, op);
        return [];
      }
      case 'fault':
        await applyFault(context, { change: command.change });
        return [];
      case 'node':
        await nodeAction(context, command.action, command.node);
        return [];
      case 'wait':
        await sleep(command.ms / agentLessonPace);
        return [];
      case 'settle':
        while (this.pending.size > 0) await Promise.all([...this.pending]);
        await this.quiet();
        return [];
      case 'peek': {
        const atMs = Math.round(performance.now() - this.startedMs);
        const result = await peekAgent(context, command);
        peeks.push({ node: command.node, key: command.key, atMs, ...result });
        return [
          `t=${atMs} ${command.node} peek ${command.key} value=${result.value} version=${result.version}`,
        ];
      }
      case 'records':
        return recordsOnAgents(context, command.key);
    }
  }

  /** Sends a request through the console's KV call; its reply is kept when it comes. */
  private send(requestId: string, node: string, op: ClientOp): void {
    const input = { nodeId: node, operation: op, ...(op.kind === 'get' ? {} : { requestId }) };
    const call = (async () => {
      try {
        const result = await runKv(this.context.requireClient(node), input, protocolRate(this.context, node));
        this.keep(lessonReply(requestId, result));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.keep({ requestId, ok: false, code: 'UNKNOWN', message, definite: false });
      }
    })();
    this.pending.add(call);
    void call.finally(() => this.pending.delete(call));
  }

  private keep(reply: LessonReply): void {
    if (this.replies.get(reply.requestId)?.ok) return;
    this.replies.set(reply.requestId, reply);
  }

  /**
   * Waits until no agent has reported an event for `quietMs` from now on (at most `quietWaitMsMax`):
   * events still on their way from the agents' streams arrive meanwhile.
   */
  private async quiet(): Promise<void> {
    const calledMs = performance.now();
    const giveUpMs = calledMs + quietWaitMsMax;
    while (performance.now() < giveUpMs) {
      const sinceMs = performance.now() - Math.max(this.lastEventMs, calledMs);
      if (sinceMs >= quietMs) return;
      await sleep(quietMs - sinceMs);
    }
  }
}
