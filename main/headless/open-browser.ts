/** Opens a URL in the user's browser (`--open`); a failure is reported, never fatal. */
import { spawn } from 'node:child_process';

export function openBrowser(url: string, log: (line: string) => void): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', (error) => log(`could not open a browser (${error.message}); open the URL yourself`));
  child.unref();
}
