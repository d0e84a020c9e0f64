import { Badge, Layout, Menu, Tooltip, Typography } from 'antd';
import {
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  CheckSquareOutlined,
  SettingOutlined,
  SwapOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useNavigation, type Page } from './stores/navigation';
import { useOnline } from './stores/connectivity';
import { AgenciesPage } from './pages/agencies/AgenciesPage';
import { InspectionsPage } from './pages/inspections/InspectionsPage';
import { PersonnelPage } from './pages/personnel/PersonnelPage';
import { SettingsPage } from './pages/settings/SettingsPage';
import { InspectionPage } from './pages/inspection/InspectionPage';
import { ExchangePage } from './pages/exchange/ExchangePage';
import { ReportsPage } from './pages/reports/ReportsPage';
import { ReviewPage } from './pages/review/ReviewPage';
import { ProfileGate } from './parts/ProfileForm';
import { SyncBadge } from './parts/SyncBadge';
import { useSyncPolling } from './stores/sync';

const MENU: { key: Page; label: string; icon: ReactNode }[] = [
  { key: 'inspections', label: '检查任务', icon: <AuditOutlined /> },
  { key: 'agencies', label: '机构', icon: <BankOutlined /> },
  { key: 'personnel', label: '人员', icon: <TeamOutlined /> },
  { key: 'reports', label: '报表', icon: <BarChartOutlined /> },
  { key: 'review', label: '审核', icon: <CheckSquareOutlined /> },
  { key: 'exchange', label: '数据交换', icon: <SwapOutlined /> },
  { key: 'settings', label: '设置', icon: <SettingOutlined /> },
];

function OnlineIndicator() {
  const online = useOnline();
  return (
    <Tooltip title={online ? '已联网。督查台的所有功能都不依赖网络。' : '当前离线。所有数据保存在本机，可照常工作。'}>
      <span data-testid="online-indicator" style={{ color: '#fff', fontSize: 13 }}>
        <Badge status={online ? 'success' : 'default'} />
        <span style={{ color: '#fff', marginLeft: 4 }}>{online ? '在线' : '离线'}</span>
      </span>
    </Tooltip>
  );
}

function CurrentPage({ page }: { page: Page }) {
  switch (page) {
    case 'inspections':
      return <InspectionsPage />;
    case 'agencies':
      return <AgenciesPage />;
    case 'settings':
      return <SettingsPage />;
    case 'personnel':
      return <PersonnelPage />;
    case 'reports':
      return <ReportsPage />;
    case 'review':
      return <ReviewPage />;
    case 'inspection':
      return <InspectionPage />;
    case 'exchange':
      return <ExchangePage />;
  }
}

export function AppShell() {
  const { page, go } = useNavigation();
  useSyncPolling();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', gap: 16, padding: '0 20px', height: 48, lineHeight: '48px' }}
      >
        <Typography.Text strong style={{ color: '#fff', fontSize: 16, whiteSpace: 'nowrap' }}>
          督查台
        </Typography.Text>
        <Typography.Text style={{ color: 'rgba(255,255,255,0.75)', fontSize: 13, whiteSpace: 'nowrap' }}>
          特种设备检验检测机构监督检查
        </Typography.Text>
        <span style={{ flex: 1 }} />
        <SyncBadge />
        <OnlineIndicator />
      </Layout.Header>
      <Layout>
        <Layout.Sider width={148} theme="light" breakpoint="lg" collapsedWidth={56}>
          <Menu
            mode="inline"
            selectedKeys={[page === 'inspection' ? 'inspections' : page]}
            items={MENU}
            onClick={({ key }) => go(key as Page)}
            style={{ height: '100%', borderInlineEnd: 0 }}
          />
        </Layout.Sider>
        <Layout.Content style={{ padding: 16, minWidth: 0 }}>
          <ProfileGate />
          <CurrentPage page={page} />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
