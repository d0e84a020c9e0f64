import { Alert, Card, Descriptions, Empty, Space, Tag, Timeline, Typography } from 'antd';
import { useQuery } from '../../api/useQuery';
import { formatTime, shortHash } from '../../format';

const ACTION_LABELS: Record<string, string> = {
  'inspection.create': '新建检查',
  'item.save': '评分',
  'finding.create': '记录问题',
  'finding.update': '修改问题',
  'finding.delete': '删除问题',
  'evidence.add': '添加照片',
  'evidence.remove': '移除照片',
  'signature.add': '签名',
  'signature.remove': '删除签名',
  sign: '签署锁定',
  amend: '发起更改',
  submit: '标记已提交',
};

/** A short human reading of an audited value: names and descriptions rather than raw JSON. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return '（空）';
  if (typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (typeof v.signerName === 'string') return `${v.signerName}的签名`;
    if (typeof v.description === 'string') return `问题：${describe(v.description)}`;
    if (typeof v.number === 'number' && typeof v.sha256 === 'string') return `第 ${v.number} 版（${shortHash(v.sha256)}）`;
    if (typeof v.reason === 'string') return `更改理由：${v.reason}`;
    if (typeof v.sha256 === 'string' && typeof v.width === 'number') return `照片 ${v.width}×${String(v.height)}`;
  }
  if (typeof value === 'string') return value.length > 60 ? `${value.slice(0, 60)}…` : value || '（空）';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/**
 * The bureau's decisions, newest first. Each is a document the desk signed about one
 * revision; one about an earlier revision is history and never read as a verdict on the
 * current one. They are kept beside the inspector's audit chain, not in it: that chain is
 * the inspector's signed record and travels with every revision.
 */
function ReviewHistory({ inspectionId }: { inspectionId: string }) {
  const history = useQuery('reviews/history', { inspectionId });
  const items = history.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card size="small" title="审核结论" data-testid="review-history">
      <Timeline
        items={items.map((r) => ({
          color: r.state === 'accepted' ? 'green' : 'red',
          children: (
            <div>
              <Typography.Text strong>{r.state === 'accepted' ? '已受理' : '退回补正'}</Typography.Text>{' '}
              <Typography.Text type="secondary">
                第 {r.revision} 版 · {formatTime(r.decidedAt)} · {r.reviewUnit} {r.reviewerName}
              </Typography.Text>{' '}
              {!r.current && <Tag>针对较早版本</Tag>}
              {r.origin === 'own' && !r.posted && <Tag color="gold">待同步报送</Tag>}
              {r.reason && <div style={{ fontSize: 12, color: '#555' }}>理由：{r.reason}</div>}
            </div>
          ),
        }))}
      />
    </Card>
  );
}

export function HistoryPanel({ inspectionId }: { inspectionId: string }) {
  const revisions = useQuery('inspections/revisions', { id: inspectionId });
  const audit = useQuery('inspections/audit', { id: inspectionId });
  const check = audit.data?.check;
  const record = audit.data?.record;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card
        size="small"
        title="已签署版本"
        extra={
          record &&
          (revisions.data ?? []).length > 0 &&
          (record.ok ? <Tag color="green">版本与设备签章有效</Tag> : <Tag color="red">记录被改动</Tag>)
        }
      >
        {record && !record.ok && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="record-problems"
            title={`本机保存的检查记录被改动过：${record.problems.join('；')}。请保留数据目录并报告市局。`}
          />
        )}
        {(revisions.data ?? []).length === 0 ? (
          <Empty description="尚未签署" />
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            {(revisions.data ?? []).map((r) => (
              <Descriptions
                key={r.number}
                data-testid={`revision-${r.number}`}
                size="small"
                bordered
                column={4}
                title={
                  <span>
                    第 {r.number} 版 {r.number > 1 && <Tag color="orange">已更改</Tag>}
                  </span>
                }
                items={[
                  { key: 't', label: '签署时间', children: formatTime(r.signedAt) },
                  { key: 'b', label: '签署人', children: `${r.signedBy.name}（${r.signedBy.badgeNo}）` },
                  { key: 'h', label: 'SHA-256', children: <Typography.Text code copyable={{ text: r.sha256 }}>{shortHash(r.sha256)}</Typography.Text> },
                  { key: 'p', label: '前一版', children: r.parentSha256 ? shortHash(r.parentSha256) : '—' },
                  ...(r.reason ? [{ key: 'r', label: '更改理由', span: 4, children: r.reason }] : []),
                ]}
              />
            ))}
          </Space>
        )}
      </Card>
      <ReviewHistory inspectionId={inspectionId} />
      <Card
        size="small"
        title="操作日志"
        extra={
          check &&
          (check.ok ? (
            record && !record.ok ? (
              // A chain can be whole and still cut short or rewritten up to a signature.
              <Tag color="orange">哈希链无断点（{check.entries} 条），但与签署版本不符，见上方</Tag>
            ) : (
              <Tag color="green">哈希链完整（{check.entries} 条）</Tag>
            )
          ) : (
            <Tag color="red">日志被改动：{check.reason}</Tag>
          ))
        }
      >
        {audit.error && <Alert type="error" showIcon title={audit.error} />}
        {check && !check.ok && (
          <Alert type="error" showIcon style={{ marginBottom: 12 }} title={`操作日志在第 ${check.brokenSeq} 条处断开：${check.reason}。请保留数据目录并报告市局。`} />
        )}
        <Timeline
          items={[...(audit.data?.entries ?? [])].reverse().map((e) => ({
            color: e.action === 'sign' ? 'green' : e.action === 'amend' ? 'orange' : 'blue',
            children: (
              <div>
                <Typography.Text strong>{ACTION_LABELS[e.action] ?? e.action}</Typography.Text>{' '}
                <Typography.Text type="secondary">
                  {formatTime(e.at)} · {e.actor.name}
                  {e.path && ` · ${e.path}`}
                </Typography.Text>
                {(e.oldValue !== null || e.newValue !== null) && (
                  <div style={{ fontSize: 12, color: '#555' }}>
                    {describe(e.oldValue)} → {describe(e.newValue)}
                  </div>
                )}
              </div>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}
