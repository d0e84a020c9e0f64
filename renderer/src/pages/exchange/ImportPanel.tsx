/**
 * 导入: choose one or more bundle files; each is verified and imported on its own
 * (all or nothing per file) and the table says, per file, 已导入 / 重复 / 隔离 / 拒绝
 * and why.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Progress, Space, Table, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { INSPECTION_IMPORT_LABELS, OUTCOME_LABELS, type ImportOutcome, type ImportResult } from '../../../../core/contract/bundles';
import { api, errorMessage } from '../../api/client';
import { formatSize } from '../../format';
import { OutcomeTag } from './outcome';

/** The browser host accepts about 64 MB per request; larger selections go in several calls. */
const CALL_BYTES = 40 * 1024 * 1024;
/**
 * Files per call, so that a large selection (a bureau receives hundreds) shows its
 * progress as it goes, a few times a second; a call of more than 20 files checks them
 * on the verifier's worker thread while the main thread writes (core/exchange/import.ts).
 */
const CALL_FILES = 100;

/** The selection in calls, in order, by count and size (File.size needs no reading). */
function callGroups(files: File[]): File[][] {
  const groups: File[][] = [];
  let group: File[] = [];
  let size = 0;
  for (const f of files) {
    if (group.length > 0 && (size + f.size > CALL_BYTES || group.length >= CALL_FILES)) {
      groups.push(group);
      group = [];
      size = 0;
    }
    group.push(f);
    size += f.size;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

function readGroup(group: File[]): Promise<{ name: string; text: string }[]> {
  const read = Promise.all(group.map(async (f) => ({ name: f.name, text: await f.text() })));
  // Awaited later (or never, if an earlier call fails): no unhandled rejection meanwhile.
  read.catch(() => undefined);
  return read;
}

function counts(r: ImportResult): string {
  const c = r.counts;
  const parts = [
    c.inspectionsAdded && `新增检查 ${c.inspectionsAdded} 项`,
    c.inspectionsUpdated && `更新检查 ${c.inspectionsUpdated} 项`,
    c.revisionsAdded && `新版本 ${c.revisionsAdded} 个`,
    c.agenciesAdded && `新增机构 ${c.agenciesAdded} 家`,
    c.agenciesUpdated && `更新机构 ${c.agenciesUpdated} 家`,
    c.conflicts && `版本冲突 ${c.conflicts} 个`,
    c.files && `照片和签名文件 ${c.files} 个`,
  ].filter(Boolean);
  return parts.join('，');
}

export function ImportPanel({ onImported }: { onImported(): void }) {
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [results, setResults] = useState<ImportResult[]>([]);
  const { modal } = App.useApp();

  async function run() {
    if (busy || files.length === 0) return;
    setResults([]);
    const done: ImportResult[] = [];
    try {
      // Calls go one after the other, in order; the next group is read while one is imported.
      const groups = callGroups(files);
      setProgress(0);
      setBusy(`正在读取文件…（共 ${files.length} 个）`);
      let reading = readGroup(groups[0] ?? []);
      for (const [i, group] of groups.entries()) {
        const texts = await reading;
        const following = groups[i + 1];
        if (following) reading = readGroup(following);
        setBusy(`正在核验并导入第 ${done.length + 1}–${done.length + group.length} 个文件（共 ${files.length} 个）…`);
        done.push(...(await api.call('bundles/import', { files: texts })).results);
        setResults([...done]);
        setProgress(Math.round((100 * done.length) / files.length));
      }
      setFiles([]);
      onImported();
    } catch (err) {
      modal.error({ title: '导入未完成', content: `${errorMessage(err)}${done.length > 0 ? `（前 ${done.length} 个文件已处理，结果见下表）` : ''}` });
    } finally {
      setBusy(null);
      setProgress(null);
    }
  }

  // Position in the selection: the same file may be offered twice.
  const rowKeys = useMemo(() => new Map(results.map((r, i) => [r, String(i)])), [results]);
  const held = results.filter((r) => r.outcome === 'quarantined').length;
  const summary = (Object.keys(OUTCOME_LABELS) as ImportOutcome[])
    .map((o) => [OUTCOME_LABELS[o], results.filter((r) => r.outcome === o).length] as const)
    .filter(([, n]) => n > 0)
    .map(([label, n]) => `${label} ${n} 个`)
    .join('，');
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <Upload.Dragger
        multiple
        accept=".json"
        disabled={busy !== null}
        showUploadList={false}
        beforeUpload={(file, list) => {
          // Called once per file with the whole selection; take the selection once.
          if (file === list[0]) setFiles((prev) => [...prev, ...list]);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">点击或拖入数据包文件（.ducha.json，可多选）</p>
        <p className="ant-upload-hint">每个文件单独核验：完整导入，或完全不写入。来自未受信任设备的数据包先放入隔离区。</p>
      </Upload.Dragger>
      {files.length > 0 && (
        <Space wrap>
          <Typography.Text>
            已选择 {files.length} 个文件（{formatSize(files.reduce((s, f) => s + f.size, 0))}）：{files.map((f) => f.name).join('、')}
          </Typography.Text>
          <Button onClick={() => setFiles([])} disabled={busy !== null}>
            清除
          </Button>
        </Space>
      )}
      <Space>
        <Button type="primary" disabled={files.length === 0} loading={busy !== null} onClick={() => void run()}>
          开始导入
        </Button>
        {busy && (
          <Typography.Text type="secondary" role="status">
            {busy}
          </Typography.Text>
        )}
      </Space>
      {progress !== null && files.length > CALL_FILES && <Progress percent={progress} size="small" aria-label="导入进度" />}
      {held > 0 && <Alert type="warning" showIcon title={`${held} 个数据包来自未受信任的设备，已放入隔离区。请在「隔离区」中核对指纹、信任密钥后释放导入。`} />}
      {results.length > 0 && (
        <div data-testid="import-results">
          {results.length > 1 && <Typography.Paragraph data-testid="import-summary">共 {results.length} 个文件：{summary}。</Typography.Paragraph>}
          <Table<ImportResult>
            rowKey={(r) => rowKeys.get(r) ?? r.fileName}
            size="small"
            // A bureau's selection can be hundreds of files; the summary above counts them all.
            pagination={results.length > 100 ? { pageSize: 50, showSizeChanger: false } : false}
            dataSource={results}
            columns={[
              { title: '文件', dataIndex: 'fileName', width: 260, ellipsis: true },
              { title: '结果', dataIndex: 'outcome', width: 80, render: (_, r) => <OutcomeTag outcome={r.outcome} /> },
              {
                title: '说明',
                render: (_, r) => (
                  <div>
                    {r.inspections.map((i) => (
                      <div key={i.id}>
                        {i.agencyName} {i.inspectedOn}：{INSPECTION_IMPORT_LABELS[i.action]}
                      </div>
                    ))}
                    {r.outcome === 'imported' && counts(r) && <Typography.Text type="secondary">{counts(r)}</Typography.Text>}
                    {r.reason && <div>{r.reason}</div>}
                  </div>
                ),
              },
            ]}
          />
        </div>
      )}
    </Space>
  );
}
