import { Alert, Card, Descriptions } from 'antd';
import { useQuery } from '../api/useQuery';

const HOST_LABEL = { electron: '桌面程序', browser: '本机浏览器服务', cli: '命令行' } as const;

export function SettingsPage() {
  const info = useQuery('system/info', {});
  return (
    <Card title="设置">
      {info.error && <Alert type="error" showIcon title={info.error} />}
      {info.data && (
        <Descriptions column={1} bordered size="small" labelStyle={{ width: 160 }}>
          <Descriptions.Item label="程序版本">{info.data.appVersion}</Descriptions.Item>
          <Descriptions.Item label="运行方式">{HOST_LABEL[info.data.host]}</Descriptions.Item>
          <Descriptions.Item label="数据目录">{info.data.dataDir}</Descriptions.Item>
          <Descriptions.Item label="数据库结构版本">{info.data.schemaVersion}</Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
