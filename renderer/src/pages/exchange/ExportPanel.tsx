/**
 * 导出: choose signed inspections, export them as a signed bundle (download, or
 * written straight into a folder such as a USB stick) or as an e-mail draft. A bundle
 * above 20 MB is announced first, with the offer to split off the photos.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Checkbox, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, MailOutlined } from '@ant-design/icons';
import { isLocked, STATUS_LABELS, type InspectionStatus, type InspectionSummary } from '../../../../core/contract/inspections';
import type { OutputOf } from '../../../../core/contract';
import { api, errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { downloadText } from '../../files';
import { formatSize } from '../../format';
import { STATUS_COLOR } from '../../parts/colors';

type ExportResult = OutputOf<'bundles/export'>;
type Step = '正在核对所选检查…' | '正在签名并生成数据包…' | '正在保存文件…';

function exportable(i: InspectionSummary): string | null {
  if (isLocked(i.status)) return null;
  if (i.revision > 0) return '正在更改中，签署后才能导出';
  return '尚未签署，签署锁定后才能导出';
}

export function ExportPanel({ onExported }: { onExported(): void }) {
  const list = useQuery('inspections/list', {});
  const [selected, setSelected] = useState<string[]>([]);
  const [split, setSplit] = useState(false);
  const [folder, setFolder] = useState('');
  const [to, setTo] = useState('');
  const [step, setStep] = useState<Step | null>(null);
  const [result, setResult] = useState<{ eml: boolean; value: ExportResult } | null>(null);
  const { modal, message } = App.useApp();

  const rows = useMemo(() => list.data ?? [], [list.data]);

  /** Asks about files above 20 MB; resolves to whether to split the evidence. */
  async function decideSplit(): Promise<boolean> {
    if (split) return true;
    const preview = await api.call('bundles/exportPreview', { inspectionIds: selected });
    if (!preview.overLimit) return false;
    return new Promise((resolve) => {
      modal.confirm({
        title: `数据包约 ${formatSize(preview.estimatedBytes)}，超过 20 MB`,
        content: `其中 ${preview.evidenceFiles} 个照片和签名文件共 ${formatSize(preview.evidenceBytes)}。U 盘拷贝没有问题，但电子邮件通常发不出去。是否把照片拆分到单独的证据数据包（每个不超过 20 MB）？`,
        okText: '拆分证据后导出',
        cancelText: '仍导出为一个文件',
        // Only the two answers: Esc would otherwise count as "仍导出为一个文件".
        keyboard: false,
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      });
    });
  }

  async function run(eml: boolean) {
    if (step || selected.length === 0) return;
    setResult(null);
    try {
      setStep('正在核对所选检查…');
      const splitEvidence = await decideSplit();
      setStep('正在签名并生成数据包…');
      const input = { inspectionIds: selected, splitEvidence, ...(folder.trim() ? { folder: folder.trim() } : {}) };
      const value = eml ? await api.call('bundles/exportEml', { ...input, ...(to.trim() ? { to: to.trim() } : {}) }) : await api.call('bundles/export', input);
      setStep('正在保存文件…');
      for (const f of value.files) {
        if (f.text !== null) downloadText(f.fileName, f.text, eml ? 'message/rfc822' : 'application/json');
      }
      setResult({ eml, value });
      setSelected([]);
      message.success(`已导出 ${value.files.length} 个文件`);
      list.reload();
      onExported();
    } catch (err) {
      modal.error({ title: '导出失败', content: errorMessage(err) });
    } finally {
      setStep(null);
    }
  }

  const busy = step !== null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={10}>
      <Alert
        type="info"
        showIcon
        title="选择已签署的检查，导出为签名数据包（.ducha.json），用 U 盘或电子邮件交给市局。导出后，「已签署」的检查标记为「已提交」。"
        description="数据包由本机设备密钥签名，市局导入时核对签名和内容，任何改动过的文件都会被拒绝。标记为已提交后如需修改，仍可发起更改。"
      />
      <Space wrap size={12}>
        <Button type="primary" icon={<DownloadOutlined />} disabled={selected.length === 0} loading={busy} onClick={() => void run(false)}>
          导出数据包{selected.length > 0 ? `（${selected.length} 项）` : ''}
        </Button>
        <Button icon={<MailOutlined />} disabled={selected.length === 0 || busy} onClick={() => void run(true)}>
          导出为电子邮件（.eml）
        </Button>
        <Checkbox checked={split} onChange={(e) => setSplit(e.target.checked)} disabled={busy}>
          拆分证据（照片另存为每个不超过 20 MB 的证据数据包）
        </Checkbox>
        {step && (
          <Typography.Text type="secondary" role="status">
            {step}
          </Typography.Text>
        )}
      </Space>
      <Space wrap size={12}>
        <label>
          <Typography.Text type="secondary">写入文件夹：</Typography.Text>
          <Input
            size="small"
            style={{ width: 300 }}
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
            disabled={busy}
            allowClear
            placeholder="可选，如 U 盘 E:\ 或 /media/usb；不填则下载"
            aria-label="写入文件夹"
          />
        </label>
        <label>
          <Typography.Text type="secondary">邮件收件人：</Typography.Text>
          <Input
            size="small"
            style={{ width: 240 }}
            value={to}
            onChange={(e) => setTo(e.target.value)}
            disabled={busy}
            allowClear
            placeholder="可选，如 shiju@example.cn"
            aria-label="收件人邮箱"
          />
        </label>
      </Space>
      {result && <ExportResultView eml={result.eml} value={result.value} onClose={() => setResult(null)} />}
      {list.error && <Alert type="error" showIcon title={list.error} />}
      <Table<InspectionSummary>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={rows}
        pagination={{ pageSize: 6, hideOnSinglePage: true, size: 'small' }}
        locale={{ emptyText: '还没有检查任务。' }}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys.map(String)),
          getCheckboxProps: (i) => ({ disabled: exportable(i) !== null || busy, 'aria-label': `选择 ${i.agencyName} ${i.inspectedOn}` }),
          renderCell: (_checked, i, _index, node) => {
            const why = exportable(i);
            return why ? <Tooltip title={why}>{node}</Tooltip> : node;
          },
        }}
        columns={[
          { title: '检查日期', dataIndex: 'inspectedOn', width: 110 },
          { title: '被检查机构', dataIndex: 'agencyName', ellipsis: true },
          { title: '检查类型', dataIndex: 'type', width: 130 },
          {
            title: '状态',
            dataIndex: 'status',
            width: 90,
            render: (s: InspectionStatus) => <Tag color={STATUS_COLOR[s]}>{STATUS_LABELS[s]}</Tag>,
          },
          { title: '版本', dataIndex: 'revision', width: 70, render: (n: number) => (n > 0 ? `第 ${n} 版` : '—') },
        ]}
      />
    </Space>
  );
}

function ExportResultView({ eml, value, onClose }: { eml: boolean; value: ExportResult; onClose(): void }) {
  const marked = value.inspections.filter((i) => i.markedSubmitted);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Alert
        type="success"
        showIcon
        closable={{ onClose }}
        title={`已导出 ${value.files.length} 个${eml ? '邮件草稿' : '数据包'}，共 ${formatSize(value.totalBytes)}`}
        description={
          <div>
            {value.files.map((f) => (
              <div key={f.bundleId + f.fileName}>
                {f.kind === 'evidence' ? '证据数据包' : f.kind === 'records' ? '记录数据包' : '数据包'}：
                <Typography.Text code>{f.path ?? f.fileName}</Typography.Text>（{formatSize(f.bytes)}）
              </div>
            ))}
            {marked.length > 0 && <div>已标记为「已提交」：{marked.map((i) => `${i.agencyName} ${i.inspectedOn}`).join('、')}</div>}
            {eml && <div>用邮件程序打开 .eml 文件，填写收件人后发送即可。</div>}
            {value.files.some((f) => f.kind === 'evidence') && <div>请把全部文件一起交给市局：照片在证据数据包中。</div>}
          </div>
        }
      />
      {value.warning && <Alert type="warning" showIcon title={value.warning} />}
    </Space>
  );
}
