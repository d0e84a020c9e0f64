// Shared: the agency drawer (机构) and the self-check panel (人员) show the same certificates.
import { Table, Tag } from 'antd';
import type { Agency } from '../../../core/contract/agencies';
import { CERTIFICATE_LABELS } from '../../../forms/attachment1';

type Cert = Agency['certificates'][number];

/** Warning colours for the 90/30-day windows and for an expired certificate. */
export const CERT_LEVEL_COLOR: Record<Cert['status']['level'], string> = {
  ok: 'green',
  expiring90: 'gold',
  expiring30: 'orange',
  expired: 'red',
};

/**
 * 取得特种设备核准证情况, with the 附件1 labels and an expiry tag per
 * certificate. `compact` (narrow drawers) leaves out 机构名称, which is
 * normally the agency's own name shown above the table.
 */
export function CertificateTable({ certificates, compact = false }: { certificates: Cert[]; compact?: boolean }) {
  return (
    <Table<Cert>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={certificates}
      locale={{ emptyText: '未登记核准证' }}
      columns={[
        ...(compact ? [] : [{ title: CERTIFICATE_LABELS.orgName, dataIndex: 'orgName' }]),
        { title: CERTIFICATE_LABELS.certNo, dataIndex: 'certNo', width: 150 },
        { title: CERTIFICATE_LABELS.issuer, dataIndex: 'issuer', width: compact ? undefined : 170 },
        { title: CERTIFICATE_LABELS.issuedOn, dataIndex: 'issuedOn', width: 104 },
        { title: CERTIFICATE_LABELS.validUntil, dataIndex: 'validUntil', width: 104 },
        {
          title: '状态',
          width: 190,
          render: (_, c) => (
            <Tag color={CERT_LEVEL_COLOR[c.status.level]} style={{ marginInlineEnd: 0 }}>
              {c.status.label}
            </Tag>
          ),
        },
      ]}
    />
  );
}
