/**
 * Outputs of the live report — XLSX and PDF in the official layout — and 报送: the figures
 * and the 清单 as they stand are signed on this device and kept; each signed report can be
 * downloaded again, printed, or put into an e-mail draft to 市局特种处.
 */
import { useState } from 'react';
import { App, Button, Input, Modal, Popconfirm, Space, Table, Typography } from 'antd';
import { DownloadOutlined, FilePdfOutlined, FileExcelOutlined, MailOutlined, SendOutlined } from '@ant-design/icons';
import type { Attachment4Report } from '../../../../core/contract/reports';
import { api, errorMessage } from '../../api/client';
import { downloadFile } from '../../files';
import { formatTime, shortHash } from '../../format';
import type { Scope } from './ScopeBar';

type Submitted = Attachment4Report['submitted'][number];

export function ReportActions({ scope, report, onSubmitted }: { scope: Scope; report: Attachment4Report; onSubmitted(): void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [emlFor, setEmlFor] = useState<Submitted | null>(null);
  const [to, setTo] = useState('');
  const { message, modal } = App.useApp();

  async function run(what: string, step: string, action: () => Promise<void>) {
    if (busy) return;
    setBusy(what);
    const hide = message.loading(step, 0);
    try {
      await action();
    } catch (err) {
      modal.error({ title: `${what}失败`, content: errorMessage(err) });
    } finally {
      hide();
      setBusy(null);
    }
  }

  const exportAs = (format: 'xlsx' | 'pdf', reportId?: string) =>
    run(`${format}-${reportId ?? 'live'}`, format === 'pdf' ? '正在生成 PDF…' : '正在生成 Excel 文件…', async () => {
      downloadFile(await api.call('reports/export', { ...scope, format, ...(reportId ? { reportId } : {}) }));
    });

  const submit = () =>
    run('报送', '正在签名并生成报表文件…', async () => {
      const r = await api.call('reports/submit', scope);
      downloadFile(r.file);
      message.success(`已报送并保存报表文件 ${r.fileName}`);
      onSubmitted();
    });

  const saveEml = (s: Submitted) =>
    run(`eml-${s.reportId}`, '正在生成邮件草稿…', async () => {
      const address = to.trim();
      downloadFile(await api.call('reports/exportSubmitted', { reportId: s.reportId, as: 'eml', ...(address ? { to: address } : {}) }));
      setEmlFor(null);
    });

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <Button icon={<FileExcelOutlined />} loading={busy === 'xlsx-live'} disabled={busy !== null} onClick={() => void exportAs('xlsx')}>
          导出 Excel
        </Button>
        <Button icon={<FilePdfOutlined />} loading={busy === 'pdf-live'} disabled={busy !== null} onClick={() => void exportAs('pdf')}>
          导出 PDF
        </Button>
        <Popconfirm
          title="报送本期统计表？"
          description={
            <div style={{ maxWidth: 360 }}>
              当前的统计数、清单和每个数字背后的记录编号将用本机密钥签名，保存为报表文件（可通过电子邮件或U盘交市局特种处）。之后记录再有变化，需要重新报送。
            </div>
          }
          okText="签名并报送"
          cancelText="取消"
          onConfirm={() => void submit()}
        >
          <Button type="primary" icon={<SendOutlined />} loading={busy === '报送'} disabled={busy !== null}>
            报送
          </Button>
        </Popconfirm>
      </Space>
      {report.submitted.length > 0 && (
        <Table<Submitted>
          rowKey="reportId"
          size="small"
          pagination={false}
          caption={<Typography.Text strong style={{ display: 'block', textAlign: 'left' }}>本期已报送的报表</Typography.Text>}
          dataSource={report.submitted}
          columns={[
            { title: '报送时间', width: 170, render: (_, s) => formatTime(s.submittedAt) },
            { title: '文件', dataIndex: 'fileName' },
            { title: 'SHA-256', width: 150, render: (_, s) => <Typography.Text code>{shortHash(s.sha256)}</Typography.Text> },
            {
              title: '',
              width: 330,
              render: (_, s) => (
                <Space size={4}>
                  <Button
                    size="small"
                    icon={<DownloadOutlined />}
                    disabled={busy !== null}
                    onClick={() => void run(`file-${s.reportId}`, '正在取回报表文件…', async () => downloadFile(await api.call('reports/exportSubmitted', { reportId: s.reportId, as: 'file' })))}
                  >
                    报表文件
                  </Button>
                  <Button size="small" icon={<FilePdfOutlined />} disabled={busy !== null} loading={busy === `pdf-${s.reportId}`} onClick={() => void exportAs('pdf', s.reportId)}>
                    PDF
                  </Button>
                  <Button size="small" icon={<MailOutlined />} disabled={busy !== null} onClick={() => setEmlFor(s)}>
                    邮件草稿
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
      <Modal
        open={emlFor !== null}
        title="生成发给市局特种处的邮件草稿"
        okText="生成 .eml 文件"
        cancelText="取消"
        confirmLoading={emlFor !== null && busy === `eml-${emlFor.reportId}`}
        onOk={() => emlFor && void saveEml(emlFor)}
        onCancel={() => setEmlFor(null)}
        destroyOnHidden
      >
        <Typography.Paragraph>报表文件作为附件。用邮件程序打开 .eml 文件，核对后发送。</Typography.Paragraph>
        <Input aria-label="收件人邮箱" placeholder="收件人邮箱（可不填，在邮件程序中填写）" value={to} onChange={(e) => setTo(e.target.value)} />
      </Modal>
    </Space>
  );
}
