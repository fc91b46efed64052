/** One chip per group: can it still choose values (available, degraded, blocked), and why. */
import type { GroupQuorum } from '../../store/selectors/quorum-availability';

const stateWords: Record<GroupQuorum['state'], string> = {
  available: 'quorum available',
  degraded: 'quorum degraded',
  blocked: 'quorum blocked',
};

export function GroupQuorumChips({ quorums }: { quorums: GroupQuorum[] }) {
  return (
    <div className="group-chips">
      {quorums.map((quorum) => (
        <div
          key={quorum.groupId}
          className={`group-chip quorum-${quorum.state}`}
          data-group={quorum.groupId}
          data-quorum={quorum.state}
          title={quorum.reason}
        >
          <strong>{quorum.groupId}</strong> {stateWords[quorum.state]}
          {quorum.state === 'blocked' && (
            <span className="dim">
              {' '}
              ({quorum.blockedPlacements} of {quorum.placements} replica sets)
            </span>
          )}
          <div className="group-reason">{quorum.reason}</div>
        </div>
      ))}
    </div>
  );
}
