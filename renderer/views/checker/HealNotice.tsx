/**
 * Before a run: says that the partitions, cuts, link rules and pauses in force now will be healed when
 * the run ends (it heals and resumes everything so every replica can be read back), so nobody is
 * surprised to see a fault they set by hand disappear.
 */
import { isCheckerBusy } from '../../../app/contract/checker-run';
import { useConsoleState } from '../use-console';

export function HealNotice() {
  const busy = useConsoleState((state) => isCheckerBusy(state.checker.run.status));
  const inForce = useConsoleState(
    ({ faults }) => Object.keys(faults.reachable).length + faults.links.length + faults.paused.length,
  );
  if (busy || inForce === 0) return null;
  return (
    <p className="checker-heal-notice">
      Faults in force now (partitions, cuts, link rules, pauses) are healed when the run ends, so that every
      replica can be read back.
    </p>
  );
}
