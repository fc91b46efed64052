/** Loads the `--topology FILE` flag shared by the agent, the KV client and the launcher. */
import { readFileSync } from 'node:fs';
import { defaultTopology, parseTopology, TopologyError, type Topology } from '../../../app/model/topology';
import { UsageError } from './flags';

/** The topology in FILE, or the embedded default; any problem is a UsageError naming the field. */
export function loadTopology(file: string | undefined, basePort?: number): Topology {
  if (file === undefined) return defaultTopology(basePort);
  if (basePort !== undefined) {
    throw new UsageError(
      '--base-port',
      'applies to the embedded default topology only; drop it or --topology',
    );
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError('--topology', `cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return parseTopology(text);
  } catch (error) {
    if (error instanceof TopologyError) {
      throw new UsageError(error.field, `${error.reason} (in ${file})`, error.limit);
    }
    throw error;
  }
}
