/**
 * 数据交换: signed bundles out (导出) and in (导入), and the bureau's side of trust —
 * 隔离区, 版本冲突, 受信任的密钥, 导入记录. The open tab lives in the URL.
 */
import { useState } from 'react';
import { Badge, Card, Tabs } from 'antd';
import { useQuery } from '../../api/useQuery';
import { ConflictsPanel } from './ConflictsPanel';
import { ExportPanel } from './ExportPanel';
import { ImportLogPanel } from './ImportLogPanel';
import { ImportPanel } from './ImportPanel';
import { QuarantinePanel } from './QuarantinePanel';
import { TrustedKeysPanel } from './TrustedKeysPanel';

const TABS = ['export', 'import', 'quarantine', 'conflicts', 'keys', 'log'] as const;
type Tab = (typeof TABS)[number];

function tabFromUrl(): Tab {
  const t = new URLSearchParams(window.location.search).get('tab');
  return (TABS as readonly string[]).includes(t ?? '') ? (t as Tab) : 'export';
}

function Counted({ label, count }: { label: string; count: number }) {
  return (
    <Badge count={count} size="small" offset={[8, -2]}>
      <span>{label}</span>
    </Badge>
  );
}

export function ExchangePage() {
  const [tab, setTab] = useState<Tab>(tabFromUrl);
  const held = useQuery('bundles/quarantine', {});
  const conflicts = useQuery('bundles/conflicts', {});
  const refresh = () => {
    held.reload();
    conflicts.reload();
  };
  const select = (key: string) => {
    const url = new URL(window.location.href);
    url.searchParams.set('tab', key);
    window.history.replaceState(null, '', url);
    setTab(key as Tab);
  };
  return (
    <Card title="数据交换" styles={{ body: { paddingTop: 4 } }}>
      <Tabs
        activeKey={tab}
        onChange={select}
        destroyOnHidden
        items={[
          { key: 'export', label: '导出', children: <ExportPanel onExported={refresh} /> },
          { key: 'import', label: '导入', children: <ImportPanel onImported={refresh} /> },
          { key: 'quarantine', label: <Counted label="隔离区" count={held.data?.length ?? 0} />, children: <QuarantinePanel onChanged={refresh} /> },
          { key: 'conflicts', label: <Counted label="版本冲突" count={conflicts.data?.length ?? 0} />, children: <ConflictsPanel onChanged={refresh} /> },
          { key: 'keys', label: '受信任的密钥', children: <TrustedKeysPanel onChanged={refresh} /> },
          { key: 'log', label: '导入记录', children: <ImportLogPanel /> },
        ]}
      />
    </Card>
  );
}
