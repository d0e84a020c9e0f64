/**
 * 审核: on a bureau desk, the signed inspections of its scope that the sync pass (or a USB
 * import) brought, oldest signature first, each 待审核 until a decision stands for its
 * latest revision; 受理 or 退回补正 (with the reason the inspector must act on). The
 * decision is signed here and posted by the next sync pass. On an inspector's laptop the
 * same list shows what became of the inspections it signed, without the actions.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, DatePicker, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { REVIEW_STATE_LABELS, type ReviewItem, type ReviewListState } from '../../../../core/contract/reviews';
import { deviceRoleLabel } from '../../../../core/contract/role';
import { api, errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { formatTime } from '../../format';
import { useNavigation } from '../../stores/navigation';
import { REVIEW_COLOR } from '../../parts/review-colors';

type Filter = ReviewListState | 'all';

const FILTERS: { value: Filter; label: string }[] = [
  { value: 'pending', label: '待审核' },
  { value: 'returned', label: '退回补正' },
  { value: 'accepted', label: '已受理' },
  { value: 'all', label: '全部' },
];

function ReturnModal({ item, onClose, onDone }: { item: ReviewItem; onClose(): void; onDone(): void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const { message, modal } = App.useApp();
  async function submit() {
    setBusy(true);
    try {
      await api.call('reviews/return', { inspectionId: item.inspectionId, reason });
      message.success('已退回补正，审核结论将在下次同步时报送接收端');
      onDone();
    } catch (err) {
      modal.error({ title: '未能退回补正', content: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      open
      title={`退回补正：${item.agencyName}`}
      okText="退回补正"
      cancelText="取消"
      confirmLoading={busy}
      okButtonProps={{ disabled: !reason.trim(), danger: true }}
      onCancel={onClose}
      onOk={() => void submit()}
    >
      <Typography.Paragraph>
        针对 {item.inspectedOn} 检查记录的第 {item.revision} 版。检查人员会在其检查记录上看到下面的理由，据此更改并重新签署。
      </Typography.Paragraph>
      <Input.TextArea
        aria-label="退回理由"
        placeholder="请写明哪些项目或问题需要补正（必填），例如：第 16 项检验报告缺审核人签字"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        autoSize={{ minRows: 3 }}
        maxLength={2000}
        showCount
      />
    </Modal>
  );
}

export function ReviewPage() {
  const role = useQuery('role/get', {});
  const [filter, setFilter] = useState<Filter>('pending');
  const [search, setSearch] = useState('');
  const [range, setRange] = useState<[string, string] | null>(null);
  const [returning, setReturning] = useState<ReviewItem | null>(null);
  const list = useQuery('reviews/list', {});
  const openInspection = useNavigation((n) => n.openInspection);
  const { message, modal } = App.useApp();
  const desk = role.data !== undefined && role.data.role !== 'inspector';

  const all = list.data?.items;
  const counts = useMemo(() => {
    const c: Record<Filter, number> = { pending: 0, accepted: 0, returned: 0, all: 0 };
    for (const i of all ?? []) {
      c[i.state]++;
      c.all++;
    }
    return c;
  }, [all]);
  const shown = useMemo(() => {
    const q = search.trim();
    const [from, to] = range ?? [null, null];
    return (all ?? []).filter(
      (i) =>
        (filter === 'all' || i.state === filter) &&
        (q === '' || i.agencyName.includes(q) || i.district.includes(q) || i.inspectors.includes(q)) &&
        (from === null || i.inspectedOn >= from) &&
        (to === null || i.inspectedOn <= to),
    );
  }, [all, filter, search, range]);

  function accept(item: ReviewItem) {
    modal.confirm({
      title: `受理“${item.agencyName}”的检查记录？`,
      content: `受理的是第 ${item.revision} 版。检查人员之后若更改并重新签署，新版本将重新进入待审核。`,
      okText: '受理',
      cancelText: '取消',
      onOk: async () => {
        try {
          await api.call('reviews/accept', { inspectionId: item.inspectionId });
          message.success('已受理，审核结论将在下次同步时报送接收端');
          list.reload();
        } catch (err) {
          modal.error({ title: '未能受理', content: errorMessage(err) });
        }
      },
    });
  }

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {desk ? `审核（${deviceRoleLabel(role.data!)}）` : '审核结果'}
        </Typography.Title>
        <Space wrap>
          <Segmented<Filter>
            value={filter}
            onChange={setFilter}
            options={FILTERS.map((f) => ({ value: f.value, label: `${f.label} ${counts[f.value]}` }))}
            data-testid="review-filter"
          />
          <DatePicker.RangePicker
            aria-label="检查日期范围"
            placeholder={['检查日期从', '至']}
            style={{ width: 240 }}
            onChange={(_, texts) => setRange(texts[0] && texts[1] ? [texts[0], texts[1]] : null)}
          />
          <Input.Search allowClear placeholder="机构、区或检查人员" style={{ width: 200 }} value={search} onChange={(e) => setSearch(e.target.value)} aria-label="按机构、区或检查人员筛选" />
        </Space>
      </Space>
      {!desk && role.data && (
        <Alert
          type="info"
          showIcon
          title="这里列出本机签署的检查记录及区局、市局的审核结论。退回补正的记录，请打开后按理由更改并重新签署。审核结论随同步从接收端读取。"
        />
      )}
      {list.error && <Alert type="error" showIcon title={list.error} action={<Button onClick={list.reload}>重试</Button>} />}
      <Table<ReviewItem>
        rowKey="inspectionId"
        size="small"
        virtual
        scroll={{ y: 520, x: 1000 }}
        loading={list.loading && !list.data}
        dataSource={shown}
        pagination={false}
        data-testid="review-table"
        locale={{ emptyText: desk ? '没有符合条件的检查记录。接收端的数据包随同步到达，也可在「数据交换」中导入。' : '没有符合条件的已签署检查记录。' }}
        columns={[
          {
            title: '机构',
            dataIndex: 'agencyName',
            width: 220,
            ellipsis: true,
            render: (name: string, item) => (
              <Typography.Link onClick={() => openInspection(item.inspectionId)} title={name}>
                {name}
              </Typography.Link>
            ),
          },
          { title: '区', dataIndex: 'district', width: 90 },
          { title: '检查日期', dataIndex: 'inspectedOn', width: 110 },
          { title: '检查人员', dataIndex: 'inspectors', width: 130, ellipsis: true },
          { title: '版本', dataIndex: 'revision', width: 70, render: (n: number) => `第 ${n} 版` },
          { title: '签署时间', dataIndex: 'signedAt', width: 150, render: (t: string) => formatTime(t) },
          {
            title: '状态',
            dataIndex: 'state',
            width: 100,
            render: (s: ReviewListState) => (
              <Tag color={REVIEW_COLOR[s]} data-testid="review-state">
                {REVIEW_STATE_LABELS[s]}
              </Tag>
            ),
          },
          {
            title: '审核意见',
            key: 'reason',
            ellipsis: true,
            render: (_: unknown, item) =>
              item.state === 'pending' ? '—' : `${item.reviewUnit ?? ''} ${item.decidedAt ? formatTime(item.decidedAt) : ''}${item.reason ? `：${item.reason}` : ''}`,
          },
          ...(desk
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  width: 190,
                  render: (_: unknown, item: ReviewItem) => (
                    <Space size={4}>
                      <Button size="small" icon={<CheckOutlined />} disabled={item.state === 'accepted'} onClick={() => accept(item)}>
                        受理
                      </Button>
                      <Button size="small" danger icon={<RollbackOutlined />} onClick={() => setReturning(item)}>
                        退回补正
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {returning && (
        <ReturnModal
          key={returning.inspectionId}
          item={returning}
          onClose={() => setReturning(null)}
          onDone={() => {
            setReturning(null);
            list.reload();
          }}
        />
      )}
    </Space>
  );
}
