/** Helpers for driving the console service the way a bridge does, with real agents underneath. */
import { existsSync, readFileSync } from 'node:fs';
import type { CommandInput, CommandName, CommandOutput } from '../../../app/contract/console-contract';
import type { ClusterEvent } from '../../../app/model/cluster-event';
import { ContractFailure, type ContractError } from '../../../app/contract/errors';
import type { ConsoleService } from '../../../main/console/console-service';
import { dispatchCommand } from '../../../main/console/dispatch';
import { isAlive } from '../../../main/supervisor/process-identity';

/** Calls a command through the bridges' own dispatch (validation included); throws its contract error. */
export async function call<N extends CommandName>(
  service: ConsoleService,
  name: N,
  input: CommandInput<N>,
): Promise<CommandOutput<N>> {
  const reply = await dispatchCommand(service.handlers, name, input);
  if (!reply.ok) throw new ContractFailure(reply.error);
  return reply.output as CommandOutput<N>;
}

/** The contract error a command answers with; fails the test when it succeeds. */
export async function refusal<N extends CommandName>(
  service: ConsoleService,
  name: N,
  input: CommandInput<N>,
): Promise<ContractError> {
  const reply = await dispatchCommand(service.handlers, name, input);
  if (reply.ok) throw new Error(`${name} succeeded; a refusal was expected`);
  return reply.error;
}

export async function waitUntil(
  what: string,
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Linux process state letter from /proc (R, S, T for stopped, Z for zombie), or null when gone. */
export function processState(pid: number): string | null {
  const path = `/proc/${pid}/stat`;
  if (!existsSync(path)) return null;
  return readFileSync(path, 'utf8')
    .replace(/^.*\) /s, '')
    .charAt(0);
}

/** True once the pid is gone (or only a zombie waiting for its parent). */
export function isGone(pid: number): boolean {
  return !isAlive(pid) || processState(pid) === 'Z';
}

/** Every event the recorder holds, paged through readEvents. */
export async function recordedEvents(service: ConsoleService): Promise<ClusterEvent[]> {
  const events: ClusterEvent[] = [];
  for (let from = 0; ;) {
    const page = await call(service, 'readEvents', { from, limit: 5000 });
    events.push(...page.events);
    if (page.events.length === 0) return events;
    from = page.next;
  }
}
