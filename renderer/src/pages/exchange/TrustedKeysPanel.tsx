/**
 * 受信任的密钥: the devices whose bundles this installation imports. The normal way
 * in is the inspector's enrollment request (signed by the device's key); trust can
 * be revoked, after which that device's bundles wait in quarantine again.
 */
import { useState } from 'react';
import { Alert, App, Button, Empty, Popconfirm, Space, Table, Tag, Typography, Upload } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { SIGNATURE_ALG_LABELS } from '../../../../core/contract/keys';
import type { TrustedKey } from '../../../../core/contract/bundles';
import { api, errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { formatTime } from '../../format';

export function TrustedKeysPanel({ onChanged }: { onChanged(): void }) {
  const keys = useQuery('bundles/trustedKeys', {});
  const [busy, setBusy] = useState(false);
  const { message, modal } = App.useApp();

  async function enroll(file: File) {
    if (busy) return;
    setBusy(true);
    try {
      const t = await api.call('bundles/trustEnrollment', { text: await file.text() });
      modal.success({
        title: '已信任该设备密钥',
        content: `${t.inspector.unit} ${t.inspector.name}（执法证号 ${t.inspector.badgeNo}），指纹 ${t.fingerprint}。请与检查人员核对指纹一致。`,
      });
      keys.reload();
      onChanged();
    } catch (err) {
      modal.error({ title: '无法信任该密钥', content: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  async function revoke(k: TrustedKey) {
    try {
      await api.call('bundles/untrustKey', { keyId: k.keyId });
      message.success(`已撤销对 ${k.inspector.name} 设备密钥的信任`);
      keys.reload();
      onChanged();
    } catch (err) {
      modal.error({ title: '撤销失败', content: errorMessage(err) });
    }
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <Alert
        type="info"
        showIcon
        title="来自这些设备的数据包会直接导入；其他设备的数据包先放入隔离区。"
        description="检查人员在「设置」中导出登记申请（.json），在此导入即可信任其设备。请与检查人员核对指纹。"
      />
      <Upload
        accept=".json"
        showUploadList={false}
        disabled={busy}
        beforeUpload={(file) => {
          void enroll(file);
          return false;
        }}
      >
        <Button icon={<SafetyCertificateOutlined />} loading={busy}>
          导入登记申请…
        </Button>
      </Upload>
      {keys.error && <Alert type="error" showIcon title={keys.error} />}
      <Table<TrustedKey>
        rowKey="keyId"
        size="small"
        loading={keys.loading}
        dataSource={keys.data ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="还没有受信任的密钥" /> }}
        columns={[
          { title: '检查人员', width: 160, render: (_, k) => `${k.inspector.name}（${k.inspector.badgeNo}）` },
          { title: '单位', dataIndex: ['inspector', 'unit'], ellipsis: true },
          {
            title: '密钥指纹',
            width: 200,
            render: (_, k) => (
              <Typography.Text code style={{ fontSize: 12 }}>
                {k.fingerprint}
              </Typography.Text>
            ),
          },
          { title: '算法', width: 130, render: (_, k) => SIGNATURE_ALG_LABELS[k.alg] },
          { title: '来源', width: 90, render: (_, k) => <Tag>{k.source === 'enrollment' ? '登记申请' : '隔离区'}</Tag> },
          { title: '信任时间', width: 150, render: (_, k) => `${formatTime(k.trustedAt)} ${k.trustedBy.name}` },
          {
            title: '操作',
            width: 80,
            render: (_, k) => (
              <Popconfirm title="撤销信任？" description="之后来自该设备的数据包将放入隔离区。" okText="撤销" cancelText="取消" onConfirm={() => void revoke(k)}>
                <Button size="small" danger>
                  撤销
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Space>
  );
}
