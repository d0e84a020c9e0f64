/** 导入记录: every file offered for import, including refused ones, newest first. */
import { Alert, Empty, Table, Typography } from 'antd';
import type { OutputOf } from '../../../../core/contract';
import { useQuery } from '../../api/useQuery';
import { formatTime } from '../../format';
import { OutcomeTag } from './outcome';

type Entry = OutputOf<'bundles/imports'>[number];

export function ImportLogPanel() {
  const log = useQuery('bundles/imports', {});
  return (
    <>
      {log.error && <Alert type="error" showIcon title={log.error} />}
      <Table<Entry>
        rowKey="id"
        size="small"
        loading={log.loading}
        dataSource={log.data ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description="还没有导入过数据包" /> }}
        columns={[
          { title: '时间', dataIndex: 'receivedAt', width: 140, render: (t: string) => formatTime(t) },
          { title: '文件', dataIndex: 'fileName', width: 260, ellipsis: true },
          { title: '结果', dataIndex: 'outcome', width: 80, render: (_, e) => <OutcomeTag outcome={e.outcome} /> },
          {
            title: '说明',
            render: (_, e) => e.reason || <Typography.Text type="secondary">{e.outcome === 'imported' ? `新增检查 ${e.counts.inspectionsAdded ?? 0} 项，新版本 ${e.counts.revisionsAdded ?? 0} 个` : ''}</Typography.Text>,
          },
        ]}
      />
    </>
  );
}
