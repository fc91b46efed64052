/**
 * The boundary both bridges share: a command name and raw input in, a validated handler call, a reply
 * out. Nothing reaches a handler unvalidated, and every failure leaves as `{ code, field, limit?, message }`.
 */
import { isCommandName, parseCommandInput, type ConsoleHandlers } from '../../app/contract/console-contract';
import type { CommandReply } from '../../app/contract/envelope';
import { ContractFailure } from '../../app/contract/errors';

export async function dispatchCommand(
  handlers: ConsoleHandlers,
  name: unknown,
  input: unknown,
): Promise<CommandReply<unknown>> {
  if (!isCommandName(name)) {
    return {
      ok: false,
      error: { code: 'UNKNOWN_COMMAND', field: 'command', message: `no command "${String(name)}"` },
    };
  }
  try {
    const args = parseCommandInput(name, input);
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    return { ok: true, output: await handler(args) };
  } catch (error) {
    if (error instanceof ContractFailure) return { ok: false, error: error.error };
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'INTERNAL', field: '(console)', message } };
  }
}
