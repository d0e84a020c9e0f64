/**
 * 各单位报送 (市局): import the districts' signed report files — each is checked (signature,
 * key this installation trusts, counts) and filed once — then see the latest report of each
 * unit side by side with their sum and with what 市局's own records give for the city, the
 * differences marked.
 */
import { useState } from 'react';
import { Alert, App, Button, Space, Table, Tag, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { ATTACHMENT4_CELLS, caption, type Attachment4Key } from '../../../../forms/attachment4';
import type { OutputOf } from '../../../../core/contract';
import { api, errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { formatTime, shortHash } from '../../format';
import type { Period } from './periods';

type Received = OutputOf<'reports/received'>;
type Outcome = { name: string; ok: boolean; text: string };

const TRUST: Record<Received['reports'][number]['trust'], { color: string; label: string }> = {
  own: { color: 'blue', label: '本机签名' },
  trusted: { color: 'green', label: '受信任的密钥' },
  unknown: { color: 'red', label: '未受信任的密钥' },
};

function Comparison({ data }: { data: Received }) {
  const differs = new Set(data.differences.map((d) => `${d.unit}|${d.key}`));
  const sumDiffers = (key: Attachment4Key) => data.sum[key] !== data.city[key];
  const rows = ATTACHMENT4_CELLS.map((c) => ({ key: c.key, caption: caption(c) }));
  return (
    <Table
      rowKey="key"
      size="small"
      bordered
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={rows}
      columns={[
        { title: '统计项', dataIndex: 'caption', width: 300, fixed: 'left' },
        ...data.reports.map((r) => ({
          title: r.unitName,
          key: r.reportId,
          width: 110,
          align: 'right' as const,
          render: (_: unknown, row: (typeof rows)[number]) => (
            <span className={differs.has(`${r.unit}|${row.key}`) ? 'a4-differs' : undefined}>{r.counts[row.key]}</span>
          ),
        })),
        { title: '合计', key: 'sum', width: 90, align: 'right' as const, render: (_: unknown, row: (typeof rows)[number]) => <strong>{data.sum[row.key]}</strong> },
        {
          title: '本机记录计算（全市）',
          key: 'city',
          width: 150,
          align: 'right' as const,
          render: (_: unknown, row: (typeof rows)[number]) => (
            <span className={sumDiffers(row.key) ? 'a4-differs' : undefined} data-testid={`city-${row.key}`}>
              {data.city[row.key]}
            </span>
          ),
        },
      ]}
    />
  );
}

export function ReceivedPanel({ period }: { period: Period }) {
  const received = useQuery('reports/received', period);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();

  async function importFiles(files: File[]) {
    if (busy || files.length === 0) return;
    setBusy(true);
    const done: Outcome[] = [];
    try {
      for (const [i, f] of files.entries()) {
        message.open({ key: 'report-import', type: 'loading', content: `正在核验并导入报表（${i + 1}/${files.length}）…`, duration: 0 });
        try {
          const r = await api.call('reports/import', { fileName: f.name, text: await f.text() });
          done.push({
            name: f.name,
            ok: true,
            text: `${r.duplicate ? '重复，已导入过' : '已导入'}：${r.report.unitName} ${r.report.from} 至 ${r.report.to}，${r.report.submittedBy.name} 报送于 ${formatTime(r.report.submittedAt)}`,
          });
        } catch (err) {
          done.push({ name: f.name, ok: false, text: errorMessage(err) });
        }
        setOutcomes([...done]);
      }
    } finally {
      message.destroy('report-import');
      setBusy(false);
      received.reload();
    }
  }

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        各区市场监管局、临港新片区局报送的报表文件（.ducha-report.json）。每个文件核验签名和报送单位的密钥（在「数据交换 → 受信任的密钥」中登记）后导入；同一报表重复导入只记录一次。
      </Typography.Paragraph>
      <Upload.Dragger
        multiple
        accept=".json,application/json"
        showUploadList={false}
        disabled={busy}
        beforeUpload={(_file, list) => {
          // Called once per file with the whole selection: act on the last call only.
          if (_file === list[list.length - 1]) void importFiles(list);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p>点击或拖入报表文件（可多选）</p>
      </Upload.Dragger>
      {outcomes.length > 0 && (
        <Table<Outcome>
          rowKey="name"
          size="small"
          pagination={false}
          dataSource={outcomes}
          columns={[
            { title: '文件', dataIndex: 'name', width: 320 },
            { title: '结果', render: (_, o) => (o.ok ? <Tag color="green">通过</Tag> : <Tag color="red">拒绝</Tag>), width: 70 },
            { title: '说明', dataIndex: 'text' },
          ]}
        />
      )}
      {received.error && <Alert type="error" showIcon title={received.error} />}
      {received.data && received.data.reports.length === 0 && (
        <Alert type="info" showIcon title={`${period.from} 至 ${period.to} 还没有导入任何单位报送的报表。`} />
      )}
      {received.data && received.data.reports.length > 0 && (
        <>
          <Table
            rowKey="reportId"
            size="small"
            pagination={false}
            dataSource={received.data.reports}
            columns={[
              { title: '报送单位', dataIndex: 'unitName', width: 200 },
              { title: '统计期间', width: 200, render: (_, r) => `${r.from} 至 ${r.to}` },
              { title: '报送人', width: 160, render: (_, r) => `${r.submittedBy.name}（${r.submittedBy.badgeNo}）` },
              { title: '报送时间', width: 170, render: (_, r) => formatTime(r.submittedAt) },
              { title: '密钥', width: 160, render: (_, r) => <Tag color={TRUST[r.trust].color}>{TRUST[r.trust].label}</Tag> },
              { title: 'SHA-256', render: (_, r) => <Typography.Text code>{shortHash(r.sha256)}</Typography.Text> },
            ]}
          />
          {received.data.differences.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              title={`有 ${received.data.differences.length} 处报送数与本机记录计算的结果不同（已标红）。`}
              description="本机只含已导入的检查记录和人员排查清单；不同之处请与报送单位核对记录是否已全部交来。"
            />
          ) : (
            <Alert type="success" showIcon title="各单位报送数与本机记录计算的结果一致。" />
          )}
          <Comparison data={received.data} />
        </>
      )}
      {busy && <Button loading>正在导入…</Button>}
    </Space>
  );
}
