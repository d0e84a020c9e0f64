import { Alert, Empty, Table, Tag, Typography } from 'antd';
import type { OutputOf } from '../../../../core/contract';
import type { Severity } from '../../../../core/contract/findings';
import { useQuery } from '../../api/useQuery';
import { useNavigation } from '../../stores/navigation';
import { SEVERITY_COLOR } from '../../parts/colors';

type OpenFinding = OutputOf<'findings/open'>[number];

/** Findings not yet closed, across all inspections, soonest deadline first. */
export function OpenFindings() {
  const open = useQuery('findings/open', {});
  const openInspection = useNavigation((s) => s.openInspection);
  if (open.error) return <Alert type="error" showIcon title={open.error} />;
  return (
    <Table<OpenFinding>
      rowKey="id"
      size="middle"
      loading={open.loading}
      dataSource={open.data ?? []}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: <Empty description="没有未关闭的问题" /> }}
      onRow={(f) => ({ onClick: () => openInspection(f.inspectionId, 'findings'), style: { cursor: 'pointer' } })}
      columns={[
        {
          title: '整改期限',
          dataIndex: 'dueOn',
          width: 130,
          render: (d: string | null, f) =>
            d ? <Typography.Text type={f.overdue ? 'danger' : undefined}>{d}{f.overdue ? '（已逾期）' : ''}</Typography.Text> : '未设定',
        },
        { title: '被检查机构', dataIndex: 'agencyName', width: 260 },
        { title: '性质', dataIndex: 'severity', width: 120, render: (s: Severity) => <Tag color={SEVERITY_COLOR[s]}>{s}</Tag> },
        { title: '问题描述', dataIndex: 'description', ellipsis: true },
        { title: '检查日期', dataIndex: 'inspectedOn', width: 110 },
        {
          title: '后续处理',
          width: 200,
          render: (_, f) =>
            [f.notifiedOn && '已书面告知', f.reportedOn && '已报告', f.directiveNo && '已下达指令书', f.caseNo && '已立案'].filter(Boolean).join('、') || '—',
        },
      ]}
    />
  );
}
