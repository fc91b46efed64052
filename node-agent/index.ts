/**
 * The node agent's public face: everything outside node-agent/ (the console's main process, the
 * harness, the benchmarks, the scripts) imports from here and nowhere deeper; an ESLint rule keeps it so.
 *
 * - kit/ is what talks to agents from outside: the KV and control clients, the launchers and the
 *   command lines.
 * - process/ is the agent process itself; only its storage layer is exported, for the storage benchmark.
 */

// Command lines
export {
  choiceFlag,
  integerFlag,
  optionsOrExitCode,
  parseFlags,
  stringFlag,
  UsageError,
} from './kit/cli/flags';

// Clients
export { ControlClient, type HeldAction } from './kit/client/control-client';
export {
  AgentKv,
  callAgent,
  ClusterKvClient,
  KvCallError,
  kvAttemptTimeoutMs,
  newRequestId,
  type KvAttempt,
  type KvOutcome,
} from './kit/client/kv-client';
export { PipelinedKvClient } from './kit/client/kv-pipeline-client';

// Queues, sets, tables and image keys over per-key Paxos (docs/data-structures.md)
export {
  attemptsDefault,
  OperationRun,
  RequestIdReusedError,
  StructureGaveUpError,
  type OperationOptions,
  type StructureOutcome,
  type WriteNote,
} from './kit/structures/cas-loop';
export { clusterPort, StoreFailure, type CasAnswer, type KvPort } from './kit/structures/kv-port';
export { KvQueue, type Popped, type QueueLength } from './kit/structures/kv-queue';
export { KvSet } from './kit/structures/kv-set';
export { KvTable, type RowRead } from './kit/structures/kv-table';
export { structureBytesDefault, structureLimits } from './kit/structures/structure-options';
export {
  readStructureValue,
  runStructureAction,
  type ActionResult,
  type DataStructureAction,
  type StructureValue,
} from './kit/structures/structure-action';
export { imageAnswer, resultLines } from './kit/structures/structure-run';
export { averageHash, decodeImage, type DecodedImage } from './kit/images/average-hash';
export { ImageStore, type ImageFound, type ImageStored } from './kit/images/image-store';

// gRPC plumbing shared by every caller
export { channelOptions } from './kit/grpc/channel-options';
export { isServiceError, kvFailureOf, type KvFailure } from './kit/grpc/kv-failure';
export type { ServedReply } from './kit/grpc/kv-wire';
export { pacedRealLimitMs, pacedTimeout } from './kit/grpc/paced-timeout';
export { callUnary, type UnaryCallOptions } from './kit/grpc/unary-call';

// What an agent serves, for the console's simulated cluster (main/simulated), which answers
// KvService, Health, InspectKey and ListHeld for simulated nodes exactly as an agent does
export { replyToWire, requestFromWire, type WireRequest } from './kit/grpc/kv-wire';
export { healthResponse } from './process/control/health-response';
export { heldMessageView } from './process/control/held-message-view';
export { kvHandlerTable } from './process/transport/kv-handler-table';
export { StepCounts } from './process/control/step-counts';
export { statusOfReply } from './kit/grpc/kv-failure';
export { inspectKey } from './process/control/key-inspector';

// Launchers
export { ensureAgentBundle } from './kit/launcher/agent-bundle';
export { agentBundlePath, findPackageRoot, repoRoot } from './kit/launcher/agent-bundle-path';
export { AgentProcess, describeExit, type AgentExit } from './kit/launcher/agent-process';
export { createControlClient } from './kit/launcher/health-probe';
export { findFreePorts, withFreePorts } from './kit/launcher/free-ports';
export { LocalCluster } from './kit/launcher/local-cluster';

// The agent's storage layer, for bench:storage
export { GroupCommitter } from './process/storage/group-committer';
export { openPLogStore } from './process/storage/level-plog-store';
export type { PLogStore } from './process/storage/plog-store';
