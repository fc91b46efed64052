/**
 * Ports for the clusters this bench starts. Other helpers may run agents on the machine at the same
 * time, so nothing here uses a fixed port: each port is checked free on 127.0.0.1 just before use.
 */
import { createServer } from 'node:net';

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

const rangeFirst = 20_000;
const rangeLast = 60_000;
const attemptsMax = 200;

/** The first port of `count` consecutive free ports, starting at a random place in a high range. */
export async function freeConsecutivePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < attemptsMax; attempt++) {
    const base = rangeFirst + Math.floor(Math.random() * (rangeLast - rangeFirst - count));
    let free = true;
    for (let offset = 0; offset < count && free; offset++) free = await isFree(base + offset);
    if (free) return base;
  }
  throw new Error(`no ${count} consecutive free ports found in ${rangeFirst}-${rangeLast}`);
}
