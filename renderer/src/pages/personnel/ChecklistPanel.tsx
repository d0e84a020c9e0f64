import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Collapse, Dropdown, Flex, Input, Segmented, Space, Spin, Typography } from 'antd';
import { DownloadOutlined, DownOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import type { Checklist } from '../../../../core/contract/personnel';
import { ATTACHMENT2_TITLE, ROSTER_SECTION_TITLE, SUMMARY_SECTION_TITLE } from '../../../../forms/attachment2';
import { api, errorMessage } from '../../api/client';
import { downloadFile } from '../../files';
import { AddPersonModal } from './AddPersonModal';
import { CountsBar } from '../../parts/CountsBar';
import { RosterImportModal } from './RosterImportModal';
import { RosterTable } from './RosterTable';
import { SummaryForm } from './SummaryForm';

type Filter = 'all' | 'problems';

/** The reported figures in one line, so the folded block still says what the agency stated. */
function summaryLine(s: Checklist['summary']): string {
  if (!s.updatedAt) return '（尚未填写：机构填报的人数与填表人）';
  const n = (v: number | null) => (v === null ? '未填' : `${v} 人`);
  return `总数 ${n(s.totalStaff)} · 执业公示 ${n(s.disclosedCount)} · 缴纳社保 ${n(s.socialInsuranceCount)} · 满足人员资源条件：${s.meetsRequirements || '未填'} · 填表人 ${s.filledBy || '未填'}${s.filledOn ? `（${s.filledOn}）` : ''}`;
}

/** Height of the roster's scrolling body: what is left of a 768-px screen, at least 300 px. */
function rosterHeight(): number {
  return Math.max(300, window.innerHeight - 420);
}

/** 附件2 for one agency: （一） summary with computed counts, （二） roster, import and export. */
export function ChecklistPanel({ agencyId }: { agencyId: string }) {
  const { message } = App.useApp();
  const [checklist, setChecklist] = useState<Checklist | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<Filter>('all');
  const [dialog, setDialog] = useState<'import' | 'add' | null>(null);
  const [exporting, setExporting] = useState(false);
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    let current = true;
    api.call('personnel/get', { agencyId }).then(
      (c) => {
        if (!current) return;
        setChecklist(c);
        setLoadError(null);
      },
      (err: unknown) => current && setLoadError(errorMessage(err)),
    );
    return () => {
      current = false;
    };
  }, [agencyId, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);

  const shown = useMemo(() => {
    if (!checklist) return [];
    const q = query.trim();
    return checklist.persons.filter(
      (p) =>
        (filter === 'all' || p.practising === '否' || p.education === '否' || p.title === '否') &&
        (q === '' || p.name.includes(q) || p.certNo.includes(q)),
    );
  }, [checklist, query, filter]);

  async function exportXlsx(appColumns: boolean) {
    setExporting(true);
    try {
      downloadFile(await api.call('personnel/exportXlsx', { agencyId, appColumns }));
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setExporting(false);
    }
  }

  if (loadError) return <Alert type="error" showIcon title={loadError} />;
  if (!checklist || checklist.agencyId !== agencyId) return <Spin style={{ display: 'block', margin: 48 }} />;

  return (
    <Flex vertical gap={10}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        附件2{'\u3000'}{ATTACHMENT2_TITLE}
      </Typography.Text>
      <CountsBar counts={checklist.counts} />
      <Collapse
        size="small"
        items={[
          {
            key: 'summary',
            label: (
              <span>
                {SUMMARY_SECTION_TITLE}
                {'\u3000'}
                {summaryLine(checklist.summary)}
                {checklist.summary.totalStaff !== null && checklist.summary.totalStaff !== checklist.counts.total && (
                  <Typography.Text type="warning">{`\u3000（与清单 ${checklist.counts.total} 人不一致，请核对）`}</Typography.Text>
                )}
              </span>
            ),
            children: <SummaryForm key={checklist.summary.updatedAt ?? 'new'} checklist={checklist} onSaved={setChecklist} />,
          },
        ]}
      />
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Space>
          <Typography.Text strong style={{ fontSize: 13 }}>
            {ROSTER_SECTION_TITLE}
          </Typography.Text>
          <Segmented<Filter>
            size="small"
            value={filter}
            onChange={setFilter}
            options={[
              { value: 'all', label: `全部 ${checklist.counts.total}` },
              { value: 'problems', label: `有问题 ${checklist.counts.anyProblem}` },
            ]}
          />
          <Input.Search allowClear size="small" placeholder="姓名或证书编号" style={{ width: 140 }} onSearch={setQuery} onChange={(e) => e.target.value === '' && setQuery('')} aria-label="在清单中查找" />
        </Space>
        <Space>
          <Button icon={<PlusOutlined />} onClick={() => setDialog('add')}>
            添加人员
          </Button>
          <Button icon={<UploadOutlined />} onClick={() => setDialog('import')}>
            导入花名册
          </Button>
          <Space.Compact>
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => exportXlsx(false)}>
              导出附件2
            </Button>
            <Dropdown
              disabled={exporting}
              menu={{
                items: [{ key: 'app', label: '导出附件2（附证书编号、已取消执业公示、已注销资质三列，可再次导入）' }],
                onClick: () => exportXlsx(true),
              }}
            >
              <Button icon={<DownOutlined />} aria-label="更多导出方式" />
            </Dropdown>
          </Space.Compact>
        </Space>
      </Flex>
      <RosterTable
        persons={shown}
        height={rosterHeight()}
        onChanged={(p, counts) =>
          setChecklist((c) => (c ? { ...c, counts, persons: c.persons.map((x) => (x.id === p.id ? p : x)) } : c))
        }
        onDeleted={reload}
      />
      {dialog === 'import' && (
        <RosterImportModal
          agencyId={agencyId}
          agencyName={checklist.agencyName}
          onClose={() => setDialog(null)}
          onImported={() => {
            setDialog(null);
            reload();
          }}
        />
      )}
      {dialog === 'add' && (
        <AddPersonModal
          agencyId={agencyId}
          onClose={() => setDialog(null)}
          onAdded={(p, counts) => {
            setDialog(null);
            setChecklist((c) => (c ? { ...c, counts, persons: [...c.persons, p] } : c));
          }}
        />
      )}
    </Flex>
  );
}
