/** The notices in the corner, each with its undo button when it has one. */
import { dismissNotice } from '../../actions/notices';
import { useConsole, useConsoleState } from '../use-console';

export function Notices() {
  const { store } = useConsole();
  const notices = useConsoleState((state) => state.notices);
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice notice-${notice.tone}`}>
          <span>{notice.text}</span>
          {notice.undo && (
            <button
              onClick={() => {
                dismissNotice(store, notice.id);
                notice.undo?.run();
              }}
            >
              {notice.undo.label}
            </button>
          )}
          <button className="small" aria-label="dismiss" onClick={() => dismissNotice(store, notice.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
