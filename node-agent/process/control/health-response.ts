/** The Health answer from a reason not to serve: an agent and a simulated node (main/simulated) alike. */
import { HealthResponse_ServingStatus, type HealthResponse } from '../../../app/proto/generated/control';

/** `reason` empty: serving; otherwise not serving, for that reason (down, learner-only, …). */
export function healthResponse(reason: string): HealthResponse {
  return {
    status:
      reason === ''
        ? HealthResponse_ServingStatus.SERVING_STATUS_SERVING
        : HealthResponse_ServingStatus.SERVING_STATUS_NOT_SERVING,
    reason,
  };
}
