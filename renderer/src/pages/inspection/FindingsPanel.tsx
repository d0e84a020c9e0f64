import { useState } from 'react';
import { Alert, App, Button, DatePicker, Drawer, Empty, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { SEVERITIES, type Finding, type Severity } from '../../../../core/contract/findings';
import { ATTACHMENT3_ITEMS, attachment3ItemLabel } from '../../../../forms/attachment3';
import { api, ApiCallError, errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { SEVERITY_COLOR } from '../../parts/colors';

const DATE_FIELDS = ['notifiedOn', 'reportedOn', 'directiveOn', 'dueOn', 'closedOn'] as const;
type DateField = (typeof DATE_FIELDS)[number];
type FormValues = Omit<Finding, DateField | 'id' | 'inspectionId' | 'createdAt' | 'updatedAt'> & Record<DateField, Dayjs | null>;

export const ITEM_OPTIONS = ATTACHMENT3_ITEMS.map((i) => ({ value: i.no, label: `第 ${i.no} 项 ${attachment3ItemLabel(i)}` }));

function toValues(f?: Finding): Partial<FormValues> {
  if (!f) return { severity: '一般问题', itemNo: null, directiveNo: '', caseNo: '', rectification: '' };
  const dates = Object.fromEntries(DATE_FIELDS.map((k) => [k, f[k] ? dayjs(f[k]) : null])) as Record<DateField, Dayjs | null>;
  return { ...f, ...dates };
}

function FindingEditor({
  inspectionId,
  finding,
  locked,
  onClose,
  onSaved,
}: {
  inspectionId: string;
  finding?: Finding;
  locked: boolean;
  onClose(): void;
  onSaved(): void;
}) {
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const { message } = App.useApp();
  const severity = Form.useWatch('severity', form);
  const dateItem = (name: DateField, label: string) => (
    <Form.Item name={name} label={label} style={{ flex: 1 }}>
      <DatePicker style={{ width: '100%' }} />
    </Form.Item>
  );
  return (
    <Drawer
      open
      size={560}
      title={finding ? '问题与后续处理' : '记录问题'}
      onClose={onClose}
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} disabled={locked} onClick={() => form.submit()}>
            保存
          </Button>
        </Space>
      }
    >
      {severity === '严重事故隐患' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title="严重事故隐患应及时书面告知受检单位，并第一时间向所在地特种设备安全监管部门报告；两者记录齐全后才能关闭。"
        />
      )}
      <Form<FormValues>
        form={form}
        layout="vertical"
        disabled={locked || saving}
        initialValues={toValues(finding)}
        onFinish={async (v) => {
          setSaving(true);
          try {
            const dates = Object.fromEntries(DATE_FIELDS.map((k) => [k, v[k] ? v[k].format('YYYY-MM-DD') : null]));
            await api.call('findings/save', {
              ...(finding ? { id: finding.id } : {}),
              inspectionId,
              itemNo: v.itemNo ?? null,
              description: v.description ?? '',
              severity: v.severity,
              directiveNo: v.directiveNo ?? '',
              caseNo: v.caseNo ?? '',
              rectification: v.rectification ?? '',
              ...dates,
            });
            message.success('已保存');
            onSaved();
          } catch (err) {
            if (err instanceof ApiCallError && err.error.path) {
              form.setFields([{ name: err.error.path as never, errors: [err.error.message] }]);
            }
            message.error(errorMessage(err));
          } finally {
            setSaving(false);
          }
        }}
      >
        <Form.Item name="description" label="问题描述" rules={[{ required: true, whitespace: true, message: '请描述发现的问题' }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="severity" label="问题性质" style={{ width: 180 }}>
            <Select options={SEVERITIES.map((s) => ({ value: s, label: s }))} />
          </Form.Item>
          <Form.Item name="itemNo" label="对应检查项（可选）" style={{ flex: 1 }}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={ITEM_OPTIONS} placeholder="不对应具体检查项" />
          </Form.Item>
        </Space.Compact>
        <Typography.Title level={5}>后续处理</Typography.Title>
        <Space.Compact block>
          {dateItem('notifiedOn', '书面告知受检单位')}
          {dateItem('reportedOn', '报告监管部门')}
        </Space.Compact>
        <Space.Compact block>
          <Form.Item name="directiveNo" label="安全监察指令书编号" style={{ flex: 1 }}>
            <Input maxLength={60} />
          </Form.Item>
          {dateItem('directiveOn', '指令书日期')}
        </Space.Compact>
        <Space.Compact block>
          <Form.Item name="caseNo" label="立案处罚编号" style={{ flex: 1 }}>
            <Input maxLength={60} />
          </Form.Item>
          {dateItem('dueOn', '整改期限')}
        </Space.Compact>
        <Form.Item name="rectification" label="整改情况">
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
        {dateItem('closedOn', '关闭日期（整改完成后填写）')}
      </Form>
    </Drawer>
  );
}

export function FindingsPanel({ inspectionId, locked }: { inspectionId: string; locked: boolean }) {
  const findings = useQuery('findings/list', { inspectionId });
  const [editing, setEditing] = useState<Finding | 'new' | null>(null);
  return (
    <div>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} disabled={locked} onClick={() => setEditing('new')}>
          记录问题
        </Button>
        {locked && <Typography.Text type="secondary">记录已锁定；如需修改请先发起更改。</Typography.Text>}
      </Space>
      {findings.error && <Alert type="error" showIcon title={findings.error} />}
      <Table<Finding>
        rowKey="id"
        size="small"
        loading={findings.loading}
        dataSource={findings.data ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="尚未记录问题" /> }}
        onRow={(f) => ({ onClick: () => setEditing(f), style: { cursor: 'pointer' } })}
        columns={[
          { title: '性质', dataIndex: 'severity', width: 120, render: (s: Severity) => <Tag color={SEVERITY_COLOR[s]}>{s}</Tag> },
          { title: '检查项', dataIndex: 'itemNo', width: 80, render: (n: number | null) => (n ? `第 ${n} 项` : '—') },
          { title: '问题描述', dataIndex: 'description', ellipsis: true },
          { title: '书面告知', dataIndex: 'notifiedOn', width: 110, render: (d) => d ?? '—' },
          { title: '报告监管部门', dataIndex: 'reportedOn', width: 120, render: (d) => d ?? '—' },
          { title: '整改期限', dataIndex: 'dueOn', width: 110, render: (d) => d ?? '—' },
          {
            title: '状态',
            width: 90,
            render: (_, f) => (f.closedOn ? <Tag color="green">已关闭</Tag> : <Tag>未关闭</Tag>),
          },
        ]}
      />
      {editing && (
        <FindingEditor
          inspectionId={inspectionId}
          finding={editing === 'new' ? undefined : editing}
          locked={locked}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            findings.reload();
          }}
        />
      )}
    </div>
  );
}
