// The status bar's word on online sync: one glance says whether anything still waits to reach the bureau.
import { Badge, Tooltip } from 'antd';
import { formatAgo, formatTime } from '../format';
import { useNavigation } from '../stores/navigation';
import { useSync } from '../stores/sync';
import { syncBadge } from './sync-words';


export function SyncBadge() {
  const status = useSync((s) => s.status);
  const go = useNavigation((n) => n.go);
  const shown = status ? syncBadge(status) : null;
  if (!status || !shown) return null;
  const contact = status.lastContactAt ? `最近联系 ${formatTime(status.lastContactAt)}（${formatAgo(status.lastContactAt)}）` : '从未联系接收端';
  const tip = [status.connection?.name, contact, status.lastError ? `最近错误：${status.lastError}` : '', '点击查看同步详情'].filter(Boolean).join('\n');
  return (
    <Tooltip title={<span style={{ whiteSpace: 'pre-line' }}>{tip}</span>}>
      <button
        type="button"
        data-testid="sync-badge"
        aria-label={`${shown.text}，打开同步设置`}
        onClick={() => go('settings', 'sync')}
        style={{
          background: 'rgba(255,255,255,0.12)',
          border: '1px solid rgba(255,255,255,0.3)',
          borderRadius: 12,
          color: '#fff',
          cursor: 'pointer',
          fontSize: 13,
          lineHeight: '22px',
          padding: '0 10px',
          whiteSpace: 'nowrap',
        }}
      >
        <Badge status={shown.status} />
        <span style={{ marginLeft: 4 }}>{shown.text}</span>
      </button>
    </Tooltip>
  );
}
