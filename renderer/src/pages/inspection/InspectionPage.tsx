/**
 * One inspection: the header (agency, status, lifecycle actions, printing) and
 * its parts as tabs — 评分 (附件3, or the 考试机构 checks), 问题与整改, 照片证据,
 * 签名, 版本与日志. The open tab lives in the URL so a reload returns to it.
 */
import { useState } from 'react';
import { Alert, Button, Spin, Tabs, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { isLocked } from '../../../../core/contract/inspections';
import { useQuery } from '../../api/useQuery';
import { InspectionDeliveryTag } from '../../parts/DeliveryTag';
import { useNavigation } from '../../stores/navigation';
import { useWorkspace } from '../../stores/workspace';
import { useSync } from '../../stores/sync';
import { ScoringSheetView } from '../scoring/ScoringPage';
import { EvidencePanel } from './EvidencePanel';
import { ExamPanel } from './ExamPanel';
import { FindingsPanel } from './FindingsPanel';
import { HistoryPanel } from './HistoryPanel';
import { LifecycleBar } from './LifecycleBar';
import { PrintMenu } from './PrintMenu';
import { ReviewBanner } from './ReviewBanner';
import { SignaturesPanel } from './SignaturesPanel';

export const TABS = ['score', 'findings', 'evidence', 'signatures', 'history'] as const;
export type Tab = (typeof TABS)[number];

function tabFromUrl(): Tab {
  const t = new URLSearchParams(window.location.search).get('section');
  return (TABS as readonly string[]).includes(t ?? '') ? (t as Tab) : 'score';
}

/**
 * On the bureau: an imported revision of this inspection that conflicts with ours waits
 * on 数据交换 → 版本冲突; say so where the inspection is read, with the way there.
 */
function OpenConflicts({ inspectionId }: { inspectionId: string }) {
  const conflicts = useQuery('bundles/conflicts', {});
  const go = useNavigation((n) => n.go);
  const open = (conflicts.data ?? []).filter((c) => c.inspectionId === inspectionId && c.resolution === null);
  if (open.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      banner
      data-testid="inspection-conflict"
      style={{ marginTop: 6 }}
      title={`有 ${open.length} 个导入的版本与本机记录冲突，尚未处理：${open.map((c) => c.cause).join('；')}。处理之前，这里显示的仍是本机的第 ${open[0]?.local?.number ?? '?'} 版。`}
      action={
        <Button size="small" onClick={() => go('exchange', 'conflicts')}>
          去处理
        </Button>
      }
    />
  );
}

function InspectionView({ inspectionId, onBack }: { inspectionId: string; onBack(): void }) {
  const detail = useQuery('inspections/get', { id: inspectionId });
  const openWorkspace = useWorkspace((w) => w.open);
  const [tab, setTab] = useState<Tab>(tabFromUrl);
  // Lifecycle changes (sign, amend) remount the panels so they re-read their lock state.
  const [generation, setGeneration] = useState(0);
  const refresh = () => {
    detail.reload();
    setGeneration((g) => g + 1);
    // Signing queues the revision for the receiver: show its tag now, not at the next poll.
    void useSync.getState().refresh();
  };

  if (detail.error && !detail.data) {
    return <Alert type="error" showIcon title={detail.error} action={<Button onClick={onBack}>返回检查任务</Button>} />;
  }
  if (!detail.data) return <Spin description="正在读取检查记录…" style={{ display: 'block', marginTop: 80 }} />;
  const inspection = detail.data.inspection;
  const locked = isLocked(inspection.status);

  const select = (key: string) => {
    const url = new URL(window.location.href);
    url.searchParams.set('section', key);
    window.history.replaceState(null, '', url);
    setTab(key as Tab);
  };

  return (
    <div className="inspection-page">
      {/* One line at 1366×768: the scoring sheet below is sized for it. */}
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 0, flexWrap: 'nowrap' }}>
        <Button size="small" icon={<ArrowLeftOutlined />} onClick={onBack}>
          检查任务
        </Button>
        <Typography.Text strong ellipsis title={inspection.agencyName} data-testid="scoring-agency" style={{ maxWidth: 300, fontSize: 15, flexShrink: 1 }}>
          {inspection.agencyName}
        </Typography.Text>
        <Typography.Text type="secondary" ellipsis style={{ fontSize: 12, flexShrink: 2, minWidth: 80 }}>
          {inspection.inspectedOn} · {inspection.type} · {inspection.inspectors.map((p) => p.name).join('、') || '未填写检查人员'}
        </Typography.Text>
        <Button size="small" type="link" onClick={() => openWorkspace(inspection.agencyId, 'attachment2')}>
          附件2 人员
        </Button>
        <Button size="small" type="link" onClick={() => openWorkspace(inspection.agencyId, 'attachment1')}>
          附件1 自查
        </Button>
        <span style={{ flex: 1 }} />
        {/* Never squeezed: the receipt time is the point of the tag; the agency name gives way instead. */}
        <span style={{ flexShrink: 0 }}>
          <InspectionDeliveryTag inspection={inspection} />
        </span>
        <LifecycleBar inspection={inspection} signedElsewhere={detail.data.signedElsewhere} onChanged={refresh} />
        <PrintMenu inspectionId={inspection.id} kind={inspection.kind} />
      </div>
      <OpenConflicts inspectionId={inspection.id} />
      <ReviewBanner key={`review-${generation}`} inspection={inspection} onChanged={refresh} />
      <Tabs
        activeKey={tab}
        onChange={select}
        size="small"
        destroyOnHidden
        tabBarStyle={{ marginBottom: 8 }}
        items={[
          {
            key: 'score',
            label: inspection.kind === 'agency' ? '评分（附件3）' : '抽查记录',
            children:
              inspection.kind === 'agency' ? (
                <ScoringSheetView key={generation} inspectionId={inspection.id} onBack={onBack} embedded />
              ) : (
                <ExamPanel key={generation} inspectionId={inspection.id} locked={locked} onChanged={detail.reload} />
              ),
          },
          { key: 'findings', label: '问题与整改', children: <FindingsPanel key={generation} inspectionId={inspection.id} locked={locked} /> },
          { key: 'evidence', label: '照片证据', children: <EvidencePanel key={generation} inspectionId={inspection.id} locked={locked} /> },
          {
            key: 'signatures',
            label: '签名',
            children: <SignaturesPanel key={generation} inspection={inspection} locked={locked} onChanged={detail.reload} />,
          },
          { key: 'history', label: '版本与日志', children: <HistoryPanel key={generation} inspectionId={inspection.id} /> },
        ]}
      />
    </div>
  );
}

export function InspectionPage() {
  const { inspectionId, go } = useNavigation();
  if (!inspectionId) {
    return <Alert type="warning" showIcon title="没有指定检查任务。请从「检查任务」列表中打开一项。" />;
  }
  return <InspectionView key={inspectionId} inspectionId={inspectionId} onBack={() => go('inspections')} />;
}
