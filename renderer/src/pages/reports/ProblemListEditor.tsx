/**
 * （二）清单: one row per agency with a problem, its 存在问题说明 and 整改情况说明 composed
 * from the records. The bureau may rewrite either before 报送; a rewritten text says so and
 * can go back to what the records say (saving an empty text does that).
 */
import { useState } from 'react';
import { App, Button, Input, Space, Table, Tag, Typography } from 'antd';
import type { Attachment4Report } from '../../../../core/contract/reports';
import { api, errorMessage } from '../../api/client';
import type { Scope } from './ScopeBar';

type Row = Attachment4Report['problemList'][number];
type Field = 'problem' | 'rectification';

function EditableText({ scope, row, field, onSaved }: { scope: Scope; row: Row; field: Field; onSaved(row: Row): void }) {
  const saved = row[field];
  const composed = field === 'problem' ? row.composedProblem : row.composedRectification;
  const [text, setText] = useState(saved);
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();

  async function save(next: string) {
    if (busy || next === saved) return;
    setBusy(true);
    try {
      const updated = await api.call('reports/saveText', { ...scope, agencyId: row.agencyId, field, text: next });
      setText(updated[field]);
      onSaved(updated);
    } catch (err) {
      message.error(`未能保存：${errorMessage(err)}`);
      setText(saved);
    } finally {
      setBusy(false);
    }
  }

  const label = `${row.unitName} ${field === 'problem' ? '存在问题说明' : '整改情况说明'}`;
  return (
    <Space orientation="vertical" size={2} style={{ width: '100%' }}>
      <Input.TextArea
        aria-label={label}
        value={text}
        disabled={busy}
        autoSize={{ minRows: 2, maxRows: 10 }}
        maxLength={5000}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => void save(text.trim() === '' ? '' : text)}
      />
      {saved !== composed && (
        <Space size={4}>
          <Tag color="gold">已修改</Tag>
          <Button size="small" type="link" disabled={busy} onClick={() => void save('')}>
            恢复为由记录生成的说明
          </Button>
        </Space>
      )}
    </Space>
  );
}

export function ProblemListEditor({ scope, rows, onSaved }: { scope: Scope; rows: Row[]; onSaved(): void }) {
  // Remounted per scope and per text the server holds, so a reload replaces what is shown.
  const scopeKey = `${scope.unit}|${scope.from}|${scope.to}`;
  return (
    <>
      <Typography.Paragraph type="secondary">
        说明由本期间的检查记录和人员排查清单生成。报送前可修改；清空文本即恢复为由记录生成的说明。离开输入框时自动保存。
      </Typography.Paragraph>
      <Table<Row>
        rowKey="agencyId"
        size="small"
        bordered
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: '本期间内没有存在问题的机构' }}
        columns={[
          { title: '序号', dataIndex: 'seq', width: 56, align: 'center' },
          { title: '单位名称', dataIndex: 'unitName', width: 200 },
          {
            title: '存在问题说明',
            render: (_, r) => <EditableText key={`${scopeKey}|${r.problem}`} scope={scope} row={r} field="problem" onSaved={onSaved} />,
          },
          {
            title: '整改情况说明',
            render: (_, r) => <EditableText key={`${scopeKey}|${r.rectification}`} scope={scope} row={r} field="rectification" onSaved={onSaved} />,
          },
        ]}
      />
    </>
  );
}
