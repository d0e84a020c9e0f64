import { Alert, Button, Descriptions, Divider, Drawer, Flex, Space, Typography } from 'antd';
import { EditOutlined, FileDoneOutlined, TeamOutlined } from '@ant-design/icons';
import type { Agency } from '../../../../core/contract/agencies';
import { AGENCY_FIELD_LABELS } from '../../../../forms/agency';
import { BASIC_INFO_LABELS, CERTIFICATE_GROUP_LABEL } from '../../../../forms/attachment1';
import { useQuery } from '../../api/useQuery';
import { useWorkspace } from '../../stores/workspace';
import { CertificateTable } from '../../parts/CertificateTable';
import { CountsBar } from '../../parts/CountsBar';

/**
 * One agency at a glance: registry fields, certificates with their expiry
 * warnings, its personnel counts and self-check progress, and the way into
 * its 附件2 / 附件1.
 */
export function AgencyDetailDrawer({ agency, onClose, onEdit }: { agency: Agency; onClose(): void; onEdit(): void }) {
  const personnel = useQuery('personnel/get', { agencyId: agency.id });
  const selfcheck = useQuery('selfcheck/get', { agencyId: agency.id });
  const open = useWorkspace((s) => s.open);
  const p = selfcheck.data?.progress;
  const summary = personnel.data?.summary;

  return (
    <Drawer
      open
      size={760}
      title={agency.name}
      onClose={onClose}
      extra={
        <Button icon={<EditOutlined />} onClick={onEdit}>
          编辑
        </Button>
      }
    >
      <Descriptions
        size="small"
        bordered
        column={2}
        items={[
          { key: 'creditCode', label: AGENCY_FIELD_LABELS.creditCode, children: <span style={{ fontFamily: 'monospace' }}>{agency.creditCode}</span>, span: 2 },
          { key: 'address', label: BASIC_INFO_LABELS.address, children: agency.address, span: 2 },
          { key: 'district', label: AGENCY_FIELD_LABELS.district, children: agency.district },
          { key: 'kind', label: AGENCY_FIELD_LABELS.kind, children: agency.kind },
          { key: 'legalRep', label: BASIC_INFO_LABELS.legalRep, children: agency.legalRep || '—' },
          { key: 'legalRepPhone', label: BASIC_INFO_LABELS.legalRepPhone, children: agency.legalRepPhone || '—' },
          { key: 'contact', label: BASIC_INFO_LABELS.contact, children: agency.contact || '—' },
          { key: 'contactPhone', label: BASIC_INFO_LABELS.contactPhone, children: agency.contactPhone || '—' },
        ]}
      />

      <Divider titlePlacement="start">{CERTIFICATE_GROUP_LABEL}</Divider>
      <CertificateTable compact certificates={agency.certificates} />

      <Divider titlePlacement="start">人员条件（附件2）</Divider>
      {personnel.error && <Alert type="error" showIcon title={personnel.error} />}
      {personnel.data && (
        <Flex vertical gap={8}>
          <CountsBar counts={personnel.data.counts} />
          <Typography.Text type="secondary">
            {summary?.updatedAt
              ? `机构填报：人员总数 ${summary.totalStaff ?? '—'}，办理执业公示 ${summary.disclosedCount ?? '—'}，持续缴纳社保 ${summary.socialInsuranceCount ?? '—'}，是否满足人员资源条件：${summary.meetsRequirements || '未填'}；填表人 ${summary.filledBy || '—'}（${summary.filledOn || '日期未填'}）`
              : '尚未填写自查情况汇总。'}
          </Typography.Text>
        </Flex>
      )}

      <Divider titlePlacement="start">自查自纠（附件1）</Divider>
      {selfcheck.error && <Alert type="error" showIcon title={selfcheck.error} />}
      {p && (
        <Typography.Paragraph>
          已审核 {p.reviewed}/{p.total} 项：认可 {p.accepted}，不认可 {p.rejected}，待核实 {p.pending}。
        </Typography.Paragraph>
      )}

      <Space style={{ marginTop: 8 }}>
        <Button type="primary" icon={<TeamOutlined />} onClick={() => open(agency.id, 'attachment2')}>
          打开人员条件（附件2）
        </Button>
        <Button icon={<FileDoneOutlined />} onClick={() => open(agency.id, 'attachment1')}>
          打开自查自纠（附件1）
        </Button>
      </Space>
    </Drawer>
  );
}
