/**
 * 报表: 附件4 活动情况统计表, computed live from the records on this desk for a
 * unit and a period — every number opens the records behind it — with the 清单 the bureau can
 * word, the annex charts, the printed outputs and 报送; and, for 市局, the units' signed
 * reports side by side. Unit, period and tab live in the URL so a reload keeps them.
 */
import { useState } from 'react';
import { Alert, Card, Divider, Flex, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { CITY_UNIT, inspectingUnitName, isInspectingUnit, unitFromName, type InspectingUnit } from '../../../../forms/districts';
import { ATTACHMENT4_TITLE, type Attachment4Key } from '../../../../forms/attachment4';
import type { Profile } from '../../../../core/contract/profile';
import { useQuery } from '../../api/useQuery';
import { useNavigation } from '../../stores/navigation';
import { Attachment4Table } from './Attachment4Table';
import { ProblemListEditor } from './ProblemListEditor';
import { ReceivedPanel } from './ReceivedPanel';
import { ReportActions } from './ReportActions';
import { ReportCharts } from './ReportCharts';
import { ScopeBar, type Scope } from './ScopeBar';
import { TraceDrawer } from './TraceDrawer';
import { defaultPeriod, periodFromQuery } from './periods';
import './reports.css';

const TABS = ['own', 'received'] as const;
type Tab = (typeof TABS)[number];

function ownUnit(profile: Profile | null | undefined): InspectingUnit {
  return profile?.inspectingUnit ?? unitFromName(profile?.unit ?? '') ?? CITY_UNIT;
}

function scopeFromUrl(profile: Profile | null | undefined): Scope {
  const q = new URLSearchParams(window.location.search);
  const unit = q.get('unit');
  return {
    unit: isInspectingUnit(unit) ? unit : ownUnit(profile),
    ...(periodFromQuery(q) ?? defaultPeriod(dayjs().format('YYYY-MM-DD'))),
  };
}

function keepInUrl(scope: Scope) {
  const url = new URL(window.location.href);
  url.searchParams.set('unit', scope.unit);
  url.searchParams.set('from', scope.from);
  url.searchParams.set('to', scope.to);
  window.history.replaceState(null, '', url);
}

function OwnReport({ scope, onScope }: { scope: Scope; onScope(s: Scope): void }) {
  const report = useQuery('reports/attachment4', scope);
  const [tracing, setTracing] = useState<Attachment4Key | null>(null);
  const go = useNavigation((s) => s.go);
  const r = report.data;
  return (
    <Flex vertical gap={16}>
      <ScopeBar scope={scope} onChange={onScope} />
      {report.error && <Alert type="error" showIcon title={`未能计算统计表：${report.error}`} />}
      {r && (
        <>
          <div>
            <Typography.Title level={5} style={{ textAlign: 'center', marginBottom: 4 }}>
              {ATTACHMENT4_TITLE}
            </Typography.Title>
            <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }} data-testid="report-heading">
              填报单位：{r.unitName}
              {'\u3000'}统计期间：{r.from} 至 {r.to}
            </Typography.Paragraph>
            <Typography.Text strong>（一）汇总</Typography.Text>
            <Attachment4Table counts={r.counts} onTrace={setTracing} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              点击数字查看计入该项的记录。统计本机已签署的检查记录和人员排查清单（含导入的记录）。
            </Typography.Text>
          </div>
          <div>
            <Typography.Text strong>（二）存在问题的检验检测机构清单</Typography.Text>
            <ProblemListEditor scope={scope} rows={r.problemList} onSaved={report.reload} />
          </div>
          <Flex gap={32} wrap className="report-footer" data-testid="report-footer">
            <span>填表人：{r.filledBy || '—'}</span>
            <span>
              联系电话：{r.phone || '—'}
              {!r.phone && (
                <Typography.Link onClick={() => go('settings')} style={{ marginLeft: 8 }}>
                  在「设置」中填写
                </Typography.Link>
              )}
            </span>
            <span>填报日期：{r.filledOn}</span>
          </Flex>
          <ReportActions scope={scope} report={r} onSubmitted={report.reload} />
          <Divider titlePlacement="start" plain>
            附：统计图
          </Divider>
          <ReportCharts charts={r.charts} />
        </>
      )}
      <TraceDrawer scope={scope} traceKey={tracing} onClose={() => setTracing(null)} />
    </Flex>
  );
}

function ScopedPage({ profile }: { profile: Profile | null }) {
  const [scope, setScope] = useState<Scope>(() => scopeFromUrl(profile));
  const tabInUrl = useNavigation((s) => s.tab);
  const setTab = useNavigation((s) => s.setTab);
  const tab: Tab = (TABS as readonly string[]).includes(tabInUrl ?? '') ? (tabInUrl as Tab) : 'own';
  const change = (next: Scope) => {
    keepInUrl(next);
    setScope(next);
  };
  return (
    <Card title="报表" extra={<Typography.Text type="secondary">本机单位：{inspectingUnitName(ownUnit(profile))}</Typography.Text>} styles={{ body: { paddingTop: 4 } }}>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          { key: 'own', label: '本单位统计表（附件4）', children: <OwnReport scope={scope} onScope={change} /> },
          {
            key: 'received',
            label: '各单位报送',
            children: (
              <Flex vertical gap={16}>
                <ScopeBar scope={scope} onChange={change} showUnit={false} />
                <ReceivedPanel period={{ from: scope.from, to: scope.to }} />
              </Flex>
            ),
          },
        ]}
      />
    </Card>
  );
}

export function ReportsPage() {
  const profile = useQuery('profile/get', {});
  if (profile.error) return <Alert type="error" showIcon title={profile.error} />;
  // The unit defaults to the profile's, so the scope is chosen once the profile is known.
  if (profile.data === undefined) return null;
  return <ScopedPage profile={profile.data} />;
}
