/** The attach dialog's address lines, as the contract's map of node id to host:port. */

/** "n0=host:port" lines into the contract's address map; the contract checks each address. */
export function parseAddresses(text: string): Record<string, string> {
  const entries = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.indexOf('=');
      return at < 0 ? [line, ''] : [line.slice(0, at).trim(), line.slice(at + 1).trim()];
    });
  return Object.fromEntries(entries);
}
