import { useState } from 'react';
import { Alert, Button, Card, Flex, Input, Space, Table, Tag, Tooltip } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Agency } from '../../../../core/contract/agencies';
import { useQuery } from '../../api/useQuery';
import { AgencyForm } from './AgencyForm';
import { AgencyDetailDrawer } from './AgencyDetailDrawer';
import { RegistryFileButtons } from './RegistryFileButtons';

const LEVEL_COLOR = { ok: 'green', expiring90: 'gold', expiring30: 'orange', expired: 'red' } as const;

export function CertificateTags({ agency }: { agency: Agency }) {
  if (agency.certificates.length === 0) return <span style={{ color: '#999' }}>未登记</span>;
  return (
    <Space size={[4, 4]} wrap>
      {agency.certificates.map((c) => (
        <Tooltip key={c.id} title={`${c.orgName}，${c.issuer} 发，${c.issuedOn} 至 ${c.validUntil}`}>
          <Tag color={LEVEL_COLOR[c.status.level]} style={{ whiteSpace: 'normal', marginInlineEnd: 0 }}>
            {c.certNo} · {c.status.label}
          </Tag>
        </Tooltip>
      ))}
    </Space>
  );
}

export function AgenciesPage() {
  const [query, setQuery] = useState('');
  const agencies = useQuery('agencies/list', query ? { query } : {});
  const [editing, setEditing] = useState<Agency | 'new' | null>(null);
  const [detailId, setDetailId] = useState<string | null>(null);
  const detail = agencies.data?.find((a) => a.id === detailId);

  return (
    <Card
      title="机构"
      extra={
        <Space>
          <RegistryFileButtons onImported={agencies.reload} />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            新增机构
          </Button>
        </Space>
      }
    >
      <Flex gap={8} style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder="按法人单位名称或统一社会信用代码搜索"
          onSearch={setQuery}
          style={{ maxWidth: 420 }}
          aria-label="搜索机构"
        />
      </Flex>
      {agencies.error && <Alert type="error" showIcon title={agencies.error} style={{ marginBottom: 12 }} />}
      <Table<Agency>
        rowKey="id"
        size="middle"
        loading={agencies.loading}
        dataSource={agencies.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 1000 }}
        locale={{ emptyText: query ? '没有符合条件的机构' : '尚未登记机构。点击「新增机构」，或运行 ducha demo seed 导入演示数据。' }}
        columns={[
          {
            title: '法人单位名称',
            dataIndex: 'name',
            width: 260,
            render: (_, a) => (
              <Button type="link" size="small" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => setDetailId(a.id)}>
                {a.name}
              </Button>
            ),
          },
          { title: '统一社会信用代码', dataIndex: 'creditCode', width: 190 },
          { title: '所在区', dataIndex: 'district', width: 110 },
          { title: '类别', dataIndex: 'kind', width: 110 },
          {
            title: '联系人',
            width: 160,
            render: (_, a) => (a.contact ? `${a.contact} ${a.contactPhone}` : '—'),
          },
          { title: '核准证', render: (_, a) => <CertificateTags agency={a} /> },
          {
            title: '操作',
            width: 110,
            fixed: 'right',
            render: (_, a) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setDetailId(a.id)}>
                  详情
                </Button>
                <Button type="link" size="small" onClick={() => setEditing(a)}>
                  编辑
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {detail && <AgencyDetailDrawer agency={detail} onClose={() => setDetailId(null)} onEdit={() => setEditing(detail)} />}
      {editing && (
        <AgencyForm
          agency={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            agencies.reload();
          }}
        />
      )}
    </Card>
  );
}
