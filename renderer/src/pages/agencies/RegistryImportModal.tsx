import { useState } from 'react';
import { Alert, App, Button, Flex, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import type { RegistryImportResult } from '../../../../core/contract/agencies';
import { api, errorMessage } from '../../api/client';
import { readFileAsBase64 } from '../../files';

type Row = RegistryImportResult['agencies'][number];

/**
 * Registry import: choose the workbook → a dry run lists what would be added
 * or updated (and every bad row) → confirm. Nothing is written before the
 * confirmation, and not at all while a row is wrong.
 */
export function RegistryImportModal({ onClose, onImported }: { onClose(): void; onImported(): void }) {
  const { message } = App.useApp();
  const [file, setFile] = useState<{ fileName: string; contentBase64: string } | null>(null);
  const [preview, setPreview] = useState<RegistryImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'checking' | 'importing' | null>(null);

  async function check(f: { fileName: string; contentBase64: string }) {
    setFile(f);
    setBusy('checking');
    setError(null);
    try {
      setPreview(await api.call('agencies/importXlsx', { ...f, dryRun: true }));
    } catch (err) {
      setPreview(null);
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  async function confirm() {
    if (!file) return;
    setBusy('importing');
    try {
      const r = await api.call('agencies/importXlsx', { ...file, dryRun: false });
      message.success(`已新增 ${r.added} 家、更新 ${r.updated} 家机构`);
      onImported();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  const blocked = !preview || preview.errorCount > 0 || preview.agencies.length === 0;

  return (
    <Modal
      open
      width={920}
      title="导入机构名录（XLSX）"
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        <Space>
          <Button onClick={onClose} disabled={busy === 'importing'}>
            取消
          </Button>
          <Button type="primary" disabled={blocked || busy === 'checking'} loading={busy === 'importing'} onClick={confirm}>
            {preview && !blocked ? `确认导入 ${preview.agencies.length} 家` : '确认导入'}
          </Button>
        </Space>
      }
    >
      <Flex vertical gap={12}>
        <Upload.Dragger
          accept=".xlsx"
          showUploadList={false}
          multiple={false}
          disabled={busy !== null}
          beforeUpload={(f) => {
            void readFileAsBase64(f).then(
              (contentBase64) => check({ fileName: f.name, contentBase64 }),
              (err: Error) => setError(err.message),
            );
            return false;
          }}
        >
          <Space>
            <InboxOutlined style={{ fontSize: 22, color: '#1d4f91' }} />
            <span>{file ? `已选择：${file.fileName}（点击或拖入以更换）` : '点击或拖入机构名录 XLSX（格式同「导出机构」：「机构」与「核准证」两个工作表）'}</span>
          </Space>
        </Upload.Dragger>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          按统一社会信用代码对应：已登记的机构会被更新，其余新增；文件中没有的机构不受影响。文件含「核准证」工作表时，所列机构的核准证以文件为准。
        </Typography.Text>
        {error && <Alert type="error" showIcon title={error} />}
        {preview && preview.errorCount > 0 && (
          <Alert
            type="error"
            showIcon
            title={`有 ${preview.errorCount} 处错误，不能导入（不会写入任何内容）。请改正后重新选择文件。`}
            description={
              <div style={{ maxHeight: 160, overflowY: 'auto' }}>
                {preview.errors.map((e, i) => (
                  <div key={i}>
                    「{e.sheet}」第 {e.row} 行：{e.message}
                  </div>
                ))}
              </div>
            }
          />
        )}
        {preview && !preview.certificatesIncluded && <Alert type="info" showIcon title="文件中没有「核准证」工作表：已登记机构的核准证保持不变。" />}
        {preview && preview.agencies.length > 0 && (
          <Table<Row>
            size="small"
            rowKey="row"
            pagination={false}
            scroll={{ y: 260 }}
            dataSource={preview.agencies}
            columns={[
              { title: '行', dataIndex: 'row', width: 50 },
              { title: '法人单位名称', dataIndex: 'name' },
              { title: '统一社会信用代码', dataIndex: 'creditCode', width: 180 },
              { title: '所在区', dataIndex: 'district', width: 100 },
              { title: '操作', width: 70, render: (_, r) => (r.action === 'add' ? <Tag color="blue">新增</Tag> : <Tag>更新</Tag>) },
              {
                title: '核准证',
                width: 120,
                render: (_, r) =>
                  r.previousCertificates === null || r.previousCertificates === r.certificates ? (
                    `${r.certificates} 张`
                  ) : (
                    <Typography.Text type={r.certificates < r.previousCertificates ? 'warning' : undefined}>
                      {r.previousCertificates} → {r.certificates} 张
                    </Typography.Text>
                  ),
              },
            ]}
          />
        )}
      </Flex>
    </Modal>
  );
}
