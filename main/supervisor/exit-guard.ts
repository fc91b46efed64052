/**
 * Makes sure the console never leaves agents behind: SIGINT, SIGTERM and SIGHUP stop them gracefully
 * (bounded in time), an uncaught error or a plain process exit kills them at once. Agents also exit when
 * their stdin pipe closes, which covers a console killed with SIGKILL, except a paused (SIGSTOPped) one;
 * the next console's leftover reaper handles that case.
 */
export interface ExitGuardTarget {
  /** Graceful shutdown of everything the console started. */
  shutdown(): Promise<void>;
  /** Synchronous SIGKILL of everything the console started. */
  killNow(): void;
}

export interface ExitGuardOptions {
  /** How long a signal-triggered shutdown may take before the console kills and exits anyway. */
  shutdownMsMax?: number;
  log?: (line: string) => void;
}

const signalExitCodes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** Installs the handlers; returns a function that removes them. */
export function installExitGuard(target: ExitGuardTarget, options: ExitGuardOptions = {}): () => void {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let exiting = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (exiting) return;
    exiting = true;
    log(`paxoscope: ${signal}, stopping the agents`);
    const deadline = setTimeout(() => {
      target.killNow();
      process.exit(signalExitCodes[signal] ?? 1);
    }, options.shutdownMsMax ?? 8000);
    void target.shutdown().finally(() => {
      clearTimeout(deadline);
      process.exit(signalExitCodes[signal] ?? 0);
    });
  };
  const onFatal = (error: unknown) => {
    log(
      `paxoscope: fatal error, killing the agents: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    target.killNow();
    process.exit(1);
  };
  const onExit = () => target.killNow();
  const signals = Object.keys(signalExitCodes) as NodeJS.Signals[];
  for (const signal of signals) process.on(signal, onSignal);
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);
  process.on('exit', onExit);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
    process.off('uncaughtException', onFatal);
    process.off('unhandledRejection', onFatal);
    process.off('exit', onExit);
  };
}
