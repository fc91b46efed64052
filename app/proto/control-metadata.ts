/** Call-metadata keys of ControlService (see control.proto), shared by the agent and its clients. */

/** Carries the cluster's control token on every ControlService call but Health. */
export const controlTokenMetadataKey = 'paxoscope-token';

/** Trailing metadata of an INVALID_ARGUMENT answer: the offending field's path, e.g. "rule.jitterMs". */
export const controlFieldMetadataKey = 'paxoscope-field';

/** The environment variable an agent (and the control CLI) reads the token from when no flag gives it. */
export const controlTokenEnv = 'PAXOSCOPE_TOKEN';
