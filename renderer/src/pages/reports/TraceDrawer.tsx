/** The records behind one number of 附件4, each with a way to open it. */
import { Alert, Button, Drawer, Table, Typography } from 'antd';
import type { Attachment4Key } from '../../../../forms/attachment4';
import type { TraceRow } from '../../../../core/contract/reports';
import { useQuery } from '../../api/useQuery';
import { useNavigation } from '../../stores/navigation';
import { useWorkspace } from '../../stores/workspace';
import type { Scope } from './ScopeBar';

function TraceList({ scope, traceKey }: { scope: Scope; traceKey: Attachment4Key }) {
  const trace = useQuery('reports/trace', { ...scope, key: traceKey });
  const openInspection = useNavigation((s) => s.openInspection);
  const openChecklist = useWorkspace((s) => s.open);
  const open = (r: TraceRow) => (r.inspectionId ? openInspection(r.inspectionId) : openChecklist(r.agencyId, 'attachment2'));
  return (
    <>
      {trace.error && <Alert type="error" showIcon title={trace.error} style={{ marginBottom: 12 }} />}
      {trace.data && (
        <Typography.Paragraph>
          {trace.data.caption}：<strong data-testid="trace-count">{trace.data.count}</strong>
        </Typography.Paragraph>
      )}
      <Table<TraceRow>
        rowKey="id"
        size="small"
        loading={trace.loading}
        dataSource={trace.data?.rows ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: '本期间内没有计入此项的记录' }}
        columns={[
          { title: '机构', dataIndex: 'agencyName', width: 200 },
          { title: '日期', dataIndex: 'date', width: 100 },
          { title: '记录', dataIndex: 'what', width: 140 },
          { title: '说明', dataIndex: 'detail' },
          {
            title: '',
            width: 80,
            render: (_, r) => (
              <Button size="small" onClick={() => open(r)} aria-label={`打开 ${r.agencyName} ${r.what}`}>
                {r.inspectionId ? '打开检查' : '打开附件2'}
              </Button>
            ),
          },
        ]}
      />
    </>
  );
}

export function TraceDrawer({ scope, traceKey, onClose }: { scope: Scope; traceKey: Attachment4Key | null; onClose(): void }) {
  return (
    <Drawer open={traceKey !== null} onClose={onClose} size={880} title="统计数背后的记录" destroyOnHidden>
      {traceKey && <TraceList scope={scope} traceKey={traceKey} />}
    </Drawer>
  );
}
