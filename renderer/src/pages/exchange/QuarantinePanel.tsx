/**
 * 隔离区: valid bundles from devices nobody here has trusted yet. A person compares
 * the fingerprint with the inspector (by phone, in person), trusts the key, then
 * releases the bundle — or deletes it.
 */
import { useState } from 'react';
import { Alert, App, Button, Empty, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { OutputOf } from '../../../../core/contract';
import { api, errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { formatSize, formatTime } from '../../format';
import { OutcomeTag } from './outcome';

type Held = OutputOf<'bundles/quarantine'>[number];
type Released = OutputOf<'bundles/releaseQuarantine'>;

export function QuarantinePanel({ onChanged }: { onChanged(): void }) {
  const held = useQuery('bundles/quarantine', {});
  const [busy, setBusy] = useState<string | null>(null);
  const [released, setReleased] = useState<Released | null>(null);
  const { message, modal } = App.useApp();

  async function act(id: string, fn: () => Promise<void>) {
    if (busy) return;
    setBusy(id);
    try {
      await fn();
      held.reload();
      onChanged();
    } catch (err) {
      modal.error({ title: '操作失败', content: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  }

  const trust = (q: Held) =>
    act(`trust-${q.bundleId}`, async () => {
      await api.call('bundles/trustKey', { keyId: q.keyId });
      message.success(`已信任 ${q.inspector.name} 的设备密钥`);
    });
  const release = (q: Held) =>
    act(`release-${q.bundleId}`, async () => {
      setReleased(await api.call('bundles/releaseQuarantine', { bundleId: q.bundleId }));
    });
  const discard = (q: Held) =>
    act(`discard-${q.bundleId}`, async () => {
      await api.call('bundles/discardQuarantine', { bundleId: q.bundleId });
      message.success('已删除该数据包');
    });

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <Alert
        type="info"
        showIcon
        title="来自未受信任设备的数据包保存在这里，没有导入任何内容。"
        description={
          <>
            <div>请与数据包上的检查人员（电话或当面）核对密钥指纹，一致后点击「信任此密钥」，再点击「释放导入」。平时更简便的做法是在「受信任的密钥」中导入检查人员的登记申请。</div>
            {/* The limits of core/exchange/quarantine.ts QUARANTINE_LIMITS (quarantine.test.ts holds the two together). */}
            <Typography.Text type="secondary" data-testid="quarantine-limits">
              隔离区有容量上限：每个未受信任的密钥最多保留 20 个数据包、共 256 MB，隔离区合计最多 1 GB。超出时自动删除最早收到的数据包，并记入「导入记录」。
            </Typography.Text>
          </>
        }
      />
      {held.error && <Alert type="error" showIcon title={held.error} />}
      {released && (
        <Alert
          type={released.outcome === 'refused' ? 'error' : 'success'}
          showIcon
          closable={{ onClose: () => setReleased(null) }}
          title={
            <span>
              <OutcomeTag outcome={released.outcome} /> {released.fileName}
            </span>
          }
          description={released.reason || released.inspections.map((i) => `${i.agencyName} ${i.inspectedOn}`).join('、')}
        />
      )}
      <Table<Held>
        rowKey="bundleId"
        size="small"
        loading={held.loading}
        dataSource={held.data ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="隔离区是空的" /> }}
        columns={[
          { title: '收到时间', dataIndex: 'receivedAt', width: 140, render: (t: string) => formatTime(t) },
          {
            title: '检查人员',
            width: 200,
            render: (_, q) => (
              <div>
                {q.inspector.name}（{q.inspector.badgeNo}）
                <div>
                  <Typography.Text type="secondary">{q.inspector.unit}</Typography.Text>
                </div>
              </div>
            ),
          },
          {
            title: '密钥指纹',
            width: 190,
            render: (_, q) => (
              <div>
                <Typography.Text code style={{ fontSize: 12 }} data-testid="quarantine-fingerprint">
                  {q.fingerprint}
                </Typography.Text>
                <div>{q.keyTrusted ? <Tag color="green">已信任</Tag> : <Tag color="orange">未信任</Tag>}</div>
              </div>
            ),
          },
          {
            title: '内容',
            render: (_, q) => (
              <div>
                {q.inspections.map((i, n) => (
                  <div key={n}>
                    {i.agencyName} {i.inspectedOn}
                  </div>
                ))}
                <Typography.Text type="secondary">
                  {q.fileName}（{formatSize(q.bytes)}）
                </Typography.Text>
              </div>
            ),
          },
          {
            title: '操作',
            width: 230,
            render: (_, q) => (
              <Space wrap size={4}>
                {!q.keyTrusted && (
                  <Popconfirm
                    title="信任此密钥？"
                    description={
                      <div style={{ maxWidth: 300 }}>
                        请先与 {q.inspector.name}（{q.inspector.badgeNo}）核对指纹：
                        <div>
                          <Typography.Text code>{q.fingerprint}</Typography.Text>
                        </div>
                        信任后，来自该设备的数据包将直接导入。
                      </div>
                    }
                    okText="指纹一致，信任"
                    cancelText="取消"
                    onConfirm={() => void trust(q)}
                  >
                    <Button size="small" type="primary" loading={busy === `trust-${q.bundleId}`} disabled={busy !== null}>
                      信任此密钥
                    </Button>
                  </Popconfirm>
                )}
                <Button size="small" disabled={!q.keyTrusted || busy !== null} loading={busy === `release-${q.bundleId}`} onClick={() => void release(q)}>
                  释放导入
                </Button>
                <Popconfirm title="删除这个数据包？" description="删除后不导入，需要时请让发送方重新发送。" okText="删除" cancelText="取消" onConfirm={() => void discard(q)}>
                  <Button size="small" danger disabled={busy !== null}>
                    删除
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
