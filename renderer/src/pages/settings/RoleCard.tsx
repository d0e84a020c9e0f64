/**
 * 设置 → 本机角色: an inspector's laptop (the default), or a bureau desk — 区局 for one
 * district (or 临港新片区), 市局 for the whole city — that receives the records of its scope
 * and reviews them. The receiver's administrator approves the device with the same scope;
 * the card says so, since a role chosen here alone reads nothing from the receiver.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Radio, Select, Space, Typography } from 'antd';
import { DISTRICTS, type District } from '../../../../forms/districts';
import { deviceRoleLabel, type DeviceRole } from '../../../../core/contract/role';
import { api, errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';

type Kind = DeviceRole['role'];

function RoleForm({ initial, onSaved }: { initial: DeviceRole; onSaved(): void }) {
  const [kind, setKind] = useState<Kind>(initial.role);
  const [district, setDistrict] = useState<District | undefined>(initial.role === 'district' ? initial.district : undefined);
  const [busy, setBusy] = useState(false);
  const { message, modal } = App.useApp();

  const chosen: DeviceRole | null = kind === 'district' ? (district ? { role: 'district', district } : null) : { role: kind };
  const changed = chosen !== null && JSON.stringify(chosen) !== JSON.stringify(initial);

  async function save() {
    if (!chosen || busy) return;
    setBusy(true);
    try {
      const saved = await api.call('role/set', chosen);
      message.success(`本机角色已设为：${deviceRoleLabel(saved)}`);
      onSaved();
    } catch (err) {
      modal.error({ title: '无法保存本机角色', content: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as Kind)} aria-label="本机角色">
        <Radio value="inspector">检查人员</Radio>
        <Radio value="district">区局审核端</Radio>
        <Radio value="city">市局审核端</Radio>
      </Radio.Group>
      {kind === 'district' && (
        <Select<District>
          aria-label="所在区局"
          placeholder="选择所在区（或临港新片区）"
          style={{ width: 240 }}
          value={district}
          onChange={setDistrict}
          options={DISTRICTS.map((d) => ({ value: d, label: d }))}
        />
      )}
      {kind !== 'inspector' && (
        <Typography.Text type="secondary">
          审核端接收辖区内检查人员签署的记录，只能受理或退回补正，不能修改。请把本机的设备指纹告知市局管理员，由其在接收端以相同范围批准本设备。
        </Typography.Text>
      )}
      <Button type="primary" onClick={() => void save()} disabled={!changed} loading={busy}>
        保存
      </Button>
    </Space>
  );
}

export function RoleCard() {
  const current = useQuery('role/get', {});
  return (
    <Card title="本机角色" size="small" data-testid="role-card">
      {current.error && <Alert type="error" showIcon title={current.error} style={{ marginBottom: 12 }} />}
      {/* Keyed by the saved role, so the form starts again from what was saved. */}
      {current.data && <RoleForm key={JSON.stringify(current.data)} initial={current.data} onSaved={current.reload} />}
    </Card>
  );
}
