import { useState } from 'react';
import { Alert, App, Button, Col, Descriptions, Flex, InputNumber, Modal, Radio, Row, Select, Space, Table, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import type { ImportMode, ImportPreview } from '../../../../core/contract/personnel';
import { ROSTER_FIELDS, type RosterMapping } from '../../../../forms/roster-import';
import { SUMMARY_LABELS, FOOTER_LABELS } from '../../../../forms/attachment2';
import { api, errorMessage } from '../../api/client';
import { readFileAsBase64 } from '../../files';

interface Picked {
  fileName: string;
  contentBase64: string;
}

interface Options {
  mapping?: RosterMapping;
  headerRow?: number;
  sheet?: string;
  mode: ImportMode;
}

function colLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

const EXTRA_LABELS: Record<keyof ImportPreview['extras'], string> = {
  totalStaff: SUMMARY_LABELS.totalPersonnel,
  disclosedCount: SUMMARY_LABELS.disclosedPersonnel,
  socialInsuranceCount: SUMMARY_LABELS.socialInsurancePersonnel,
  meetsRequirements: SUMMARY_LABELS.meetsResourceConditions,
  filledBy: FOOTER_LABELS.filledBy,
  filledPhone: FOOTER_LABELS.phone,
  filledOn: FOOTER_LABELS.filledOn,
};

/**
 * Roster import in three steps: choose a file → check the preview (header
 * row, column mapping when the headers are not the 附件2 ones, every row
 * error by number) → confirm. Nothing is written before the confirmation,
 * and the confirmation is refused while any row is wrong.
 */
export function RosterImportModal({ agencyId, agencyName, onClose, onImported }: { agencyId: string; agencyName: string; onClose(): void; onImported(): void }) {
  const { message } = App.useApp();
  const [picked, setPicked] = useState<Picked | null>(null);
  const [options, setOptions] = useState<Options>({ mode: 'replace' });
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [importing, setImporting] = useState(false);

  async function check(file: Picked, next: Options) {
    setOptions(next);
    setChecking(true);
    setError(null);
    try {
      const p = await api.call('personnel/importPreview', { agencyId, ...file, ...next });
      setPreview(p);
    } catch (err) {
      setPreview(null);
      setError(errorMessage(err));
    } finally {
      setChecking(false);
    }
  }

  async function confirm() {
    if (!picked || !preview) return;
    setImporting(true);
    try {
      const r = await api.call('personnel/import', {
        agencyId,
        ...picked,
        mapping: preview.mapping,
        headerRow: preview.headerRow,
        sheet: preview.sheet,
        mode: options.mode,
      });
      message.success(`已导入 ${r.imported} 人${r.summaryUpdated ? '，并更新了自查情况汇总' : ''}`);
      onImported();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setImporting(false);
    }
  }

  const blocked = !preview || preview.errorCount > 0 || preview.missing.length > 0 || preview.validCount === 0;
  const replacing = options.mode === 'replace' && (preview?.existingCount ?? 0) > 0;
  const extras = preview ? (Object.entries(preview.extras) as [keyof ImportPreview['extras'], string | number][]) : [];

  return (
    <Modal
      open
      width={980}
      title={`导入花名册：${agencyName}`}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        <Flex justify="space-between" align="center">
          <Typography.Text type={replacing ? 'warning' : 'secondary'}>
            {preview
              ? replacing
                ? `确认后将替换现有的 ${preview.existingCount} 人。`
                : options.mode === 'append'
                  ? `确认后追加到现有 ${preview.existingCount} 人之后。`
                  : '确认后写入排查清单。'
              : '先选择文件，检查无误后再确认导入。'}
          </Typography.Text>
          <Space>
            <Button onClick={onClose} disabled={importing}>
              取消
            </Button>
            <Button type="primary" disabled={blocked || checking} loading={importing} onClick={confirm}>
              {preview && !blocked ? `确认导入 ${preview.validCount} 人` : '确认导入'}
            </Button>
          </Space>
        </Flex>
      }
    >
      <Flex vertical gap={12}>
        <Flex gap={16} align="center">
          <Upload.Dragger
            accept=".xlsx,.csv,.txt"
            showUploadList={false}
            multiple={false}
            disabled={checking || importing}
            style={{ padding: '4px 12px', minWidth: 360 }}
            beforeUpload={(file) => {
              void readFileAsBase64(file).then(
                (contentBase64) => {
                  const f = { fileName: file.name, contentBase64 };
                  setPicked(f);
                  void check(f, { mode: options.mode });
                },
                (err: Error) => setError(err.message),
              );
              return false;
            }}
          >
            <Space>
              <InboxOutlined style={{ fontSize: 22, color: '#1d4f91' }} />
              <span>{picked ? `已选择：${picked.fileName}（点击或拖入以更换）` : '点击或拖入 XLSX / CSV 花名册'}</span>
            </Space>
          </Upload.Dragger>
          <Radio.Group
            value={options.mode}
            disabled={checking || importing}
            onChange={(e) => {
              const mode = e.target.value as ImportMode;
              if (picked) void check(picked, { ...options, mode });
              else setOptions({ ...options, mode });
            }}
            options={[
              { value: 'replace', label: '替换现有清单' },
              { value: 'append', label: '追加到清单末尾' },
            ]}
          />
        </Flex>

        {error && <Alert type="error" showIcon title={error} data-testid="import-failure" />}

        {preview && (
          <>
            <Descriptions size="small" column={4} bordered>
              <Descriptions.Item label="格式">{preview.format === 'xlsx' ? 'XLSX' : `CSV（${preview.encoding === 'gb18030' ? 'GB18030/GBK' : (preview.encoding ?? 'UTF-8').toUpperCase()}）`}</Descriptions.Item>
              <Descriptions.Item label="工作表">
                {preview.sheets.length > 1 ? (
                  <Select
                    size="small"
                    value={preview.sheet}
                    style={{ minWidth: 120 }}
                    options={preview.sheets.map((s) => ({ value: s, label: s }))}
                    onChange={(sheet) => picked && void check(picked, { mode: options.mode, sheet })}
                  />
                ) : (
                  preview.sheet
                )}
              </Descriptions.Item>
              <Descriptions.Item label="表头在第">
                <InputNumber
                  size="small"
                  min={1}
                  value={preview.headerRow}
                  style={{ width: 64 }}
                  onChange={(v) => picked && typeof v === 'number' && void check(picked, { mode: options.mode, sheet: preview.sheet, headerRow: v })}
                />{' '}
                行
              </Descriptions.Item>
              <Descriptions.Item label="人员">
                <span data-testid="import-summary">
                  {preview.missing.length > 0
                    ? '选好对应的列后逐行检查'
                    : `${preview.rowCount} 行，可导入 ${preview.validCount} 人${preview.errorCount > 0 ? `，${preview.errorCount} 处错误` : ''}`}
                </span>
              </Descriptions.Item>
            </Descriptions>

            {preview.direct ? (
              <Alert type="success" showIcon title="表头与附件2 一致，各列已自动对应。" />
            ) : (
              <>
                <Alert
                  type="info"
                  showIcon
                  title={preview.headerDetected ? '表头与附件2 不完全一致：请为各项选择文件中对应的列（带 * 的必须选择）。' : '没有找到附件2 表头：请确认表头所在行，并为各项选择对应的列。'}
                />
                <Row gutter={[12, 8]}>
                  {ROSTER_FIELDS.filter((f) => f.key !== 'seq').map((f) => (
                    <Col span={6} key={f.key}>
                      <div style={{ fontSize: 12, marginBottom: 2 }}>
                        {f.required && <span style={{ color: '#cf1322' }}>* </span>}
                        {f.label}
                      </div>
                      <Select<number>
                        size="small"
                        style={{ width: '100%' }}
                        aria-label={`对应列：${f.label}`}
                        value={preview.mapping[f.key] ?? -1}
                        options={[{ value: -1, label: '（不导入）' }, ...preview.headers.map((h, i) => ({ value: i, label: `${colLetter(i)} 列：${h.trim() || '（空）'}` }))]}
                        onChange={(v) =>
                          picked &&
                          void check(picked, {
                            mode: options.mode,
                            sheet: preview.sheet,
                            headerRow: preview.headerRow,
                            mapping: { ...preview.mapping, [f.key]: v < 0 ? null : v },
                          })
                        }
                      />
                    </Col>
                  ))}
                </Row>
              </>
            )}

            {preview.missing.length > 0 && <Alert type="warning" showIcon title={`还需选择：${preview.missing.join('、')}`} />}

            {preview.errorCount > 0 && (
              <Alert
                type="error"
                showIcon
                data-testid="import-errors"
                title={`有 ${preview.errorCount} 处错误，不能导入（不会写入任何人员）。请在文件中改正后重新选择文件。`}
                description={
                  <div style={{ maxHeight: 140, overflowY: 'auto' }}>
                    {preview.errors.map((e, i) => (
                      <div key={i}>
                        第 {e.row} 行：{e.message}
                      </div>
                    ))}
                    {preview.errorCount > preview.errors.length && <div>……另有 {preview.errorCount - preview.errors.length} 处</div>}
                  </div>
                }
              />
            )}

            {extras.length > 0 && (
              <Alert
                type="info"
                showIcon
                title="文件中还填写了自查情况汇总，导入时一并更新："
                description={extras.map(([k, v]) => `${EXTRA_LABELS[k].replace(/^\d\.\s*/, '')}：${v}`).join('；')}
              />
            )}

            {preview.sample.length > 0 && (
              <Table
                size="small"
                rowKey="row"
                pagination={false}
                scroll={{ y: 180 }}
                dataSource={preview.sample}
                title={() => `预览（前 ${preview.sample.length} 人）`}
                columns={[
                  { title: '行', dataIndex: 'row', width: 56 },
                  { title: '姓名', dataIndex: 'name', width: 120 },
                  { title: '真实执业', dataIndex: 'practising', width: 80 },
                  { title: '学历', dataIndex: 'education', width: 70 },
                  { title: '职称', dataIndex: 'title', width: 70 },
                  { title: '存在问题及整改情况说明', dataIndex: 'note', ellipsis: true },
                  { title: '证书编号', dataIndex: 'certNo', width: 150 },
                ]}
              />
            )}
          </>
        )}
      </Flex>
    </Modal>
  );
}
