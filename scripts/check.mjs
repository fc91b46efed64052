/**
 * `npm run check`: runs the checker CLI (scripts/check-history.ts) from its bundle, rebuilding the
 * bundle first when a source is newer (build-checker.mjs). Plain JavaScript, so starting it compiles
 * nothing: the history mode starts in a Node start plus a few milliseconds.
 */
import { pathToFileURL } from 'node:url';
import { checkerBundlePath, ensureCheckerBundle } from './build-checker.mjs';

/** The CLI's code for a failure of its own (see scripts/check-usage.ts); never 1, which means violation. */
const internalErrorCode = 4;

try {
  if (await ensureCheckerBundle()) process.stderr.write('check: rebuilt dist/checker (sources changed)\n');
  const { main } = await import(pathToFileURL(checkerBundlePath).href);
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(
    `check: internal error (could not build or load the checker): ${error?.stack ?? error}\n`,
  );
  process.exitCode = internalErrorCode;
}
