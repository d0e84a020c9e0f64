/**
 * 版本冲突: an incoming signed revision that does not follow our latest one. Both are
 * kept; a person decides which is current. Nothing signed is ever lost either way.
 */
import { useState } from 'react';
import { Alert, App, Button, Checkbox, Empty, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { Conflict } from '../../../../core/contract/bundles';
import { api, errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { formatTime, shortHash } from '../../format';
import { useNavigation } from '../../stores/navigation';

function Revision({ r }: { r: Conflict['incoming'] }) {
  return (
    <div>
      第 {r.number} 版 · {r.signedBy.name}
      <div>
        <Typography.Text type="secondary">{formatTime(r.signedAt)}</Typography.Text>
      </div>
      <Typography.Text code style={{ fontSize: 12 }}>
        {shortHash(r.sha256)}
      </Typography.Text>
      {r.reason && <div>更改理由：{r.reason}</div>}
    </div>
  );
}

export function ConflictsPanel({ onChanged }: { onChanged(): void }) {
  const [includeResolved, setIncludeResolved] = useState(false);
  const list = useQuery('bundles/conflicts', { includeResolved });
  const [busy, setBusy] = useState<string | null>(null);
  const { message, modal } = App.useApp();
  const openInspection = useNavigation((s) => s.openInspection);

  async function resolve(c: Conflict, keep: 'local' | 'incoming') {
    if (busy) return;
    setBusy(`${keep}-${c.id}`);
    try {
      await api.call('bundles/resolveConflict', { id: c.id, keep });
      message.success(keep === 'local' ? '已保留本机版本' : '已采用导入的版本');
      list.reload();
      onChanged();
    } catch (err) {
      modal.error({ title: '处理失败', content: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <Alert
        type="info"
        showIcon
        title="两个不同的签署版本声明了同一个上一版（例如同一检查在两台电脑上分别更改）。"
        description="两个版本都已保存，本机版本仍是当前版本。「采用导入版本」会把导入的版本追加为最新版本，原有版本全部保留在历史中；「保留本机版本」只关闭冲突。"
      />
      <Checkbox checked={includeResolved} onChange={(e) => setIncludeResolved(e.target.checked)}>
        显示已处理的冲突
      </Checkbox>
      {list.error && <Alert type="error" showIcon title={list.error} />}
      <Table<Conflict>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="没有待处理的版本冲突" /> }}
        columns={[
          {
            title: '检查',
            width: 220,
            render: (_, c) => (
              <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => openInspection(c.inspectionId)}>
                {c.agencyName} {c.inspectedOn}
              </Button>
            ),
          },
          { title: '导入的版本', width: 190, render: (_, c) => <Revision r={c.incoming} /> },
          { title: '本机当前版本', width: 190, render: (_, c) => (c.local ? <Revision r={c.local} /> : '—') },
          { title: '原因', dataIndex: 'cause' },
          {
            title: '处理',
            width: 200,
            render: (_, c) =>
              c.resolvedAt ? (
                <div>
                  <Tag color={c.resolution === 'incoming' ? 'blue' : 'default'}>{c.resolution === 'incoming' ? '已采用导入版本' : '已保留本机版本'}</Tag>
                  <div>
                    <Typography.Text type="secondary">
                      {c.resolvedBy?.name} · {formatTime(c.resolvedAt)}
                    </Typography.Text>
                  </div>
                </div>
              ) : (
                <Space orientation="vertical" size={4}>
                  <Popconfirm title="保留本机版本？" description="导入的版本仍保存在冲突记录中，不会成为当前版本。" okText="保留本机版本" cancelText="取消" onConfirm={() => void resolve(c, 'local')}>
                    <Button size="small" disabled={busy !== null} loading={busy === `local-${c.id}`}>
                      保留本机版本
                    </Button>
                  </Popconfirm>
                  <Popconfirm
                    title="采用导入的版本？"
                    description="导入的版本将成为最新版本，本机现有版本保留在历史中。"
                    okText="采用导入版本"
                    cancelText="取消"
                    onConfirm={() => void resolve(c, 'incoming')}
                  >
                    <Button size="small" type="primary" disabled={busy !== null} loading={busy === `incoming-${c.id}`}>
                      采用导入版本
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
    </Space>
  );
}
