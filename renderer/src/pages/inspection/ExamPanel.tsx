import { useEffect, useState } from 'react';
import { Alert, App, Card, Input, Radio, Space, Tag, Typography } from 'antd';
import type { OutputOf } from '../../../../core/contract';
import { EXAM_CHECKLIST_SOURCE, EXAM_RESULTS, type ExamResult } from '../../../../forms/exam-checklist';
import { api, errorMessage } from '../../api/client';

type Sheet = OutputOf<'exam/get'>;

/** 考试机构 check: three focus items, each a result and a 问题记录, saved as they change. */
export function ExamPanel({ inspectionId, locked, onChanged }: { inspectionId: string; locked: boolean; onChanged(): void }) {
  const [sheet, setSheet] = useState<Sheet | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [drafts, setDrafts] = useState<Record<number, string>>({});
  const { message } = App.useApp();

  useEffect(() => {
    api.call('exam/get', { id: inspectionId }).then(setSheet, (e: unknown) => setError(errorMessage(e)));
  }, [inspectionId]);

  async function save(no: number, patch: { result?: ExamResult | null; problem?: string }) {
    try {
      setSheet(await api.call('exam/save', { inspectionId, no, ...patch }));
      onChanged();
    } catch (err) {
      message.error(errorMessage(err));
    }
  }

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!sheet) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">依据：{EXAM_CHECKLIST_SOURCE}</Typography.Text>
      {sheet.items.map((item) => (
        <Card
          key={item.no}
          size="small"
          title={`${item.no}. ${item.title}`}
          extra={item.result ? <Tag color={item.result === '不符合' ? 'red' : 'green'}>{item.result}</Tag> : <Tag>未填写</Tag>}
        >
          <Typography.Paragraph style={{ marginBottom: 8 }}>{item.requirements.join('；')}。</Typography.Paragraph>
          <Radio.Group
            disabled={locked}
            value={item.result}
            aria-label={`${item.title}抽查结果`}
            options={EXAM_RESULTS.map((r) => ({ value: r, label: r }))}
            onChange={(e) => void save(item.no, { result: e.target.value as ExamResult })}
          />
          <Input.TextArea
            style={{ marginTop: 8 }}
            disabled={locked}
            placeholder="问题记录"
            aria-label={`${item.title}问题记录`}
            autoSize={{ minRows: 2, maxRows: 6 }}
            value={drafts[item.no] ?? item.problem}
            onChange={(e) => setDrafts((d) => ({ ...d, [item.no]: e.target.value }))}
            onBlur={() => {
              const text = drafts[item.no];
              if (text !== undefined && text !== item.problem) void save(item.no, { problem: text });
            }}
          />
        </Card>
      ))}
    </Space>
  );
}
