/** The topology a start or attach command names: an object, YAML/JSON text, or the embedded default. */
import { contractFailure, invalidInput } from '../../app/contract/errors';
import {
  defaultTopology,
  parseTopology,
  TopologyError,
  validateTopology,
  type Topology,
  type TopologyInput,
} from '../../app/model/topology';

export interface TopologySource {
  topology?: TopologyInput | undefined;
  topologyText?: string | undefined;
}

export function topologyFromInput(source: TopologySource): Topology {
  if (source.topology !== undefined && source.topologyText !== undefined) {
    throw contractFailure('INVALID_INPUT', 'topologyText', 'give topology or topologyText, not both');
  }
  try {
    if (source.topology !== undefined) return validateTopology(source.topology);
    if (source.topologyText !== undefined) return parseTopology(source.topologyText);
    return defaultTopology();
  } catch (error) {
    if (!(error instanceof TopologyError)) throw error;
    throw invalidInput(error.under(source.topology !== undefined ? 'topology' : 'topologyText'));
  }
}
