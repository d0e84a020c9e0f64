import { Alert, Card, Empty, Flex, Select, Tabs, Tag, Typography } from 'antd';
import { useQuery } from '../../api/useQuery';
import { ChecklistPanel } from './ChecklistPanel';
import { SelfCheckPanel } from './SelfCheckPanel';
import { useWorkspace, type WorkspaceTab } from '../../stores/workspace';

/**
 * 人员: one agency at a time, with its two self-check forms side by side as
 * tabs — 人员条件（附件2） and 自查自纠（附件1）.
 */
export function PersonnelPage() {
  const { agencyId, tab, select, setTab } = useWorkspace();
  const agencies = useQuery('agencies/list', {});
  const selected = agencies.data?.find((a) => a.id === agencyId);
  const unknown = agencyId !== null && agencies.data !== undefined && !selected;

  return (
    <Card
      title={
        <Flex gap={12} align="center">
          <span>人员与自查</span>
          <Select
            showSearch={{ optionFilterProp: 'search' }}
            placeholder="选择机构（可按名称或统一社会信用代码搜索）"
            style={{ width: 460, fontWeight: 'normal' }}
            loading={agencies.loading}
            value={selected ? selected.id : undefined}
            onChange={(id: string) => select(id)}
            aria-label="选择机构"
            options={(agencies.data ?? []).map((a) => ({
              value: a.id,
              search: `${a.name} ${a.creditCode}`,
              label: (
                <span>
                  {a.name} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{a.creditCode}</Typography.Text>
                </span>
              ),
            }))}
          />
          {selected && <Tag>{selected.district}</Tag>}
          {selected && <Tag>{selected.kind}</Tag>}
        </Flex>
      }
      styles={{ body: { paddingTop: 4 } }}
    >
      {agencies.error && <Alert type="error" showIcon title={agencies.error} />}
      {unknown && <Alert type="warning" showIcon title="之前选择的机构已不存在，请重新选择。" style={{ marginTop: 12 }} />}
      {!selected ? (
        <Empty style={{ margin: 48 }} description="请先在上方选择一个机构，再查看其人员条件自查（附件2）与自查自纠（附件1）。" />
      ) : (
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k as WorkspaceTab)}
          items={[
            { key: 'attachment2', label: '人员条件（附件2）', children: <ChecklistPanel key={selected.id} agencyId={selected.id} /> },
            { key: 'attachment1', label: '自查自纠（附件1）', children: <SelfCheckPanel key={selected.id} agencyId={selected.id} /> },
          ]}
          destroyOnHidden
        />
      )}
    </Card>
  );
}
