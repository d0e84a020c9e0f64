import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Segmented, Select, Space, Switch, Table, Tag, Tooltip } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import {
  INSPECTION_TYPES,
  STATUS_LABELS,
  type InspectionStatus,
  type InspectionSummary,
} from '../../../../core/contract/inspections';
import { api, errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { AmendedTag } from '../../parts/AmendedTag';
import { REVIEW_STATE_LABELS } from '../../../../core/contract/reviews';
import { REVIEW_COLOR } from '../../parts/review-colors';
import { InspectionDeliveryTag } from '../../parts/DeliveryTag';
import { STATUS_COLOR } from '../../parts/colors';
import { OpenFindings } from './OpenFindings';
import { useNavigation } from '../../stores/navigation';
import { useSync } from '../../stores/sync';
import { ScoreCell } from './ScoreCell';

function NewInspection({ onClose, onCreated }: { onClose(): void; onCreated(): void }) {
  const agencies = useQuery('agencies/list', {});
  const profile = useQuery('profile/get', {});
  const [form] = Form.useForm<{
    agencyId: string;
    type: string;
    inspectedOn: Dayjs;
    spotCheck: boolean;
    inspectors: { name: string; badgeNo: string }[];
  }>();
  const [saving, setSaving] = useState(false);
  const { message } = App.useApp();

  return (
    <Modal
      open
      title="新建检查任务"
      okText="创建"
      onCancel={onClose}
      confirmLoading={saving}
      onOk={() => form.submit()}
    >
      <Form
        form={form}
        layout="vertical"
        // The inspector at this laptop is the first 检查人员; a second one is usual (两人以上执法).
        initialValues={{
          inspectedOn: dayjs(),
          type: '专项监督检查',
          spotCheck: false,
          inspectors: profile.data ? [{ name: profile.data.name, badgeNo: profile.data.badgeNo }, { name: '', badgeNo: '' }] : [{ name: '', badgeNo: '' }],
        }}
        key={profile.data ? 'with-profile' : 'no-profile'}
        onFinish={async (v) => {
          setSaving(true);
          try {
            const agency = agencies.data?.find((a) => a.id === v.agencyId);
            await api.call('inspections/create', {
              agencyId: v.agencyId,
              kind: agency?.kind === '考试机构' ? 'exam' : 'agency',
              type: v.type as (typeof INSPECTION_TYPES)[number],
              inspectedOn: v.inspectedOn.format('YYYY-MM-DD'),
              spotCheck: v.spotCheck,
              inspectors: (v.inspectors ?? []).filter((p) => p?.name?.trim()),
            });
            message.success('已创建检查任务');
            onCreated();
          } catch (err) {
            message.error(errorMessage(err));
          } finally {
            setSaving(false);
          }
        }}
      >
        <Form.Item label="被检查机构" name="agencyId" rules={[{ required: true, message: '请选择被检查机构' }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={agencies.loading}
            placeholder="输入名称或信用代码筛选"
            options={(agencies.data ?? []).map((a) => ({ value: a.id, label: `${a.name}（${a.creditCode}）` }))}
          />
        </Form.Item>
        <Form.Item label="检查类型" name="type" rules={[{ required: true }]}>
          <Select options={INSPECTION_TYPES.map((t) => ({ value: t, label: t }))} />
        </Form.Item>
        <Form.Item label="检查日期" name="inspectedOn" rules={[{ required: true, message: '请选择检查日期' }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item label="开展检验检测现场抽查" name="spotCheck" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item noStyle shouldUpdate={(a, b) => a.inspectors !== b.inspectors}>
          {() =>
            (form.getFieldValue('inspectors') ?? []).filter((p: { name?: string } | undefined) => p?.name?.trim()).length < 2 ? (
              <Alert type="warning" showIcon style={{ marginBottom: 8 }} title="检查人员少于两名：行政执法检查一般应由两名以上执法人员进行。" />
            ) : null
          }
        </Form.Item>
        <Form.List name="inspectors">
          {(fields, { add, remove }) => (
            <Form.Item label="检查人员（姓名与执法证号；一般不少于两名）">
              {fields.map((field, i) => (
                <Space key={field.key} align="start" style={{ display: 'flex' }}>
                  <Form.Item name={[field.name, 'name']} style={{ marginBottom: 8 }}>
                    <Input placeholder={`检查人员 ${i + 1} 姓名`} aria-label={`检查人员 ${i + 1} 姓名`} style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'badgeNo']}
                    style={{ marginBottom: 8 }}
                    dependencies={[['inspectors', field.name, 'name']]}
                    rules={[
                      ({ getFieldValue }) => ({
                        validator: (_, value: string) =>
                          getFieldValue(['inspectors', field.name, 'name'])?.trim() && !value?.trim()
                            ? Promise.reject(new Error('请填写执法证号'))
                            : Promise.resolve(),
                      }),
                    ]}
                  >
                    <Input placeholder="执法证号" aria-label={`检查人员 ${i + 1} 执法证号`} style={{ width: 160 }} />
                  </Form.Item>
                  <Button type="text" aria-label="删除此检查人员" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({ name: '', badgeNo: '' })}>
                添加检查人员
              </Button>
            </Form.Item>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

export function InspectionsPage() {
  const inspections = useQuery('inspections/list', {});
  const openFindings = useQuery('findings/open', {});
  const [creating, setCreating] = useState(false);
  const [view, setView] = useState<'list' | 'findings'>('list');
  const openInspection = useNavigation((s) => s.openInspection);
  // The 送达 column only while connected: without a receiver there is nothing to say.
  const connected = useSync((s) => Boolean(s.status?.connection));
  const overdue = (openFindings.data ?? []).filter((f) => f.overdue).length;
  return (
    <Card
      title={
        <Segmented<'list' | 'findings'>
          value={view}
          onChange={setView}
          options={[
            { value: 'list', label: '检查任务' },
            {
              value: 'findings',
              label: (
                <span>
                  未关闭问题 {openFindings.data?.length ?? ''}
                  {overdue > 0 && <Tag color="red" style={{ marginLeft: 6 }}>逾期 {overdue}</Tag>}
                </span>
              ),
            },
          ]}
        />
      }
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          新建检查
        </Button>
      }
    >
      {view === 'findings' ? (
        <OpenFindings />
      ) : (
        <>
      {inspections.error && <Alert type="error" showIcon title={inspections.error} style={{ marginBottom: 12 }} />}
      <Table<InspectionSummary>
        rowKey="id"
        size="middle"
        loading={inspections.loading}
        dataSource={inspections.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: '还没有检查任务。点击「新建检查」开始。' }}
        columns={[
          { title: '检查日期', dataIndex: 'inspectedOn', width: 120 },
          { title: '被检查机构', dataIndex: 'agencyName' },
          { title: '检查类型', dataIndex: 'type', width: 140 },
          {
            title: '检查人员',
            width: 180,
            render: (_, i) => i.inspectors.map((p) => p.name).join('、') || '—',
          },
          {
            title: '状态',
            dataIndex: 'status',
            width: 190,
            render: (s: InspectionStatus, i) => (
              <span>
                <Tag color={STATUS_COLOR[s]}>{STATUS_LABELS[s]}</Tag>
                <AmendedTag inspection={i} />
                {/* 待审核 is every signed record's normal state; only a decision is worth the space. */}
                {i.reviewState && i.reviewState !== 'pending' && (
                  <Tooltip title={i.reviewState === 'returned' ? `退回补正：${i.reviewReason ?? ''}` : '审核端已受理最新签署版本'}>
                    <Tag color={REVIEW_COLOR[i.reviewState]} data-testid="list-review-tag">
                      {REVIEW_STATE_LABELS[i.reviewState]}
                    </Tag>
                  </Tooltip>
                )}
              </span>
            ),
          },
          { title: '得分', width: 130, render: (_, i) => <ScoreCell inspection={i} /> },
          ...(connected
            ? [{ title: '送达市局', key: 'delivery', width: 160, render: (_: unknown, i: InspectionSummary) => <InspectionDeliveryTag inspection={i} /> }]
            : []),
          {
            title: '操作',
            width: 80,
            render: (_, i) =>
              i.kind === 'agency' ? (
                <Button size="small" onClick={() => openInspection(i.id)} aria-label={`评分：${i.agencyName} ${i.inspectedOn}`}>
                  评分
                </Button>
              ) : (
                <Button size="small" onClick={() => openInspection(i.id)} aria-label={`打开：${i.agencyName} ${i.inspectedOn}`}>
                  打开
                </Button>
              ),
          },
        ]}
      />
        </>
      )}
      {creating && (
        <NewInspection
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            inspections.reload();
          }}
        />
      )}
    </Card>
  );
}
