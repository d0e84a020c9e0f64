import { Alert, Card, Descriptions, Space, Tabs } from 'antd';
import { useQuery } from '../../api/useQuery';
import { ProfileCard } from '../../parts/ProfileForm';
import { useNavigation } from '../../stores/navigation';
import { TemplatesCard } from './TemplatesCard';
import { DeviceKeyCard } from './DeviceKeyCard';
import { RoleCard } from './RoleCard';
import { SyncPanel } from './SyncPanel';

const HOST_LABEL = { electron: '桌面程序', browser: '本机浏览器服务', cli: '命令行' } as const;

function GeneralSettings() {
  const info = useQuery('system/info', {});
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title="本机检查人员" size="small">
        <ProfileCard />
      </Card>
      <RoleCard />
      <TemplatesCard />
      <DeviceKeyCard />
      <Card title="关于本机数据" size="small">
        {info.error && <Alert type="error" showIcon title={info.error} />}
        {info.data && (
          <Descriptions column={1} bordered size="small" styles={{ label: { width: 160 } }}>
            <Descriptions.Item label="程序版本">{info.data.appVersion}</Descriptions.Item>
            <Descriptions.Item label="运行方式">{HOST_LABEL[info.data.host]}</Descriptions.Item>
            <Descriptions.Item label="数据目录">{info.data.dataDir}</Descriptions.Item>
            <Descriptions.Item label="数据库结构版本">{info.data.schemaVersion}</Descriptions.Item>
          </Descriptions>
        )}
      </Card>
    </Space>
  );
}

/** 设置: 常规 (profile, templates, device key) and 同步; the tab lives in the URL (?tab=sync) so the status bar can link to it. */
export function SettingsPage() {
  const tab = useNavigation((n) => (n.tab === 'sync' ? 'sync' : 'general'));
  const setTab = useNavigation((n) => n.setTab);
  return (
    <Tabs
      activeKey={tab}
      onChange={setTab}
      destroyOnHidden
      tabBarStyle={{ marginBottom: 12 }}
      items={[
        { key: 'general', label: '常规', children: <GeneralSettings /> },
        { key: 'sync', label: '同步', children: <SyncPanel /> },
      ]}
    />
  );
}
