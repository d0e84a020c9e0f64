// Shared: the first-start gate over every page and the settings card fill the same profile.
import { useState } from 'react';
import { App, Button, Form, Input, Modal, Select } from 'antd';
import { INSPECTING_UNITS, inspectingUnitName } from '../../../forms/districts';
import type { Profile } from '../../../core/contract/profile';
import { api, errorMessage } from '../api/client';
import { useQuery } from '../api/useQuery';

export function ProfileFields() {
  return (
    <>
      <Form.Item label="姓名" name="name" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
        <Input maxLength={50} autoComplete="name" />
      </Form.Item>
      <Form.Item label="执法证号" name="badgeNo" rules={[{ required: true, whitespace: true, message: '请填写执法证号' }]}>
        <Input maxLength={40} />
      </Form.Item>
      <Form.Item label="所在单位" name="unit" rules={[{ required: true, whitespace: true, message: '请填写所在单位' }]}>
        <Input maxLength={100} placeholder="如：上海市市场监督管理局特种设备安全监察处" />
      </Form.Item>
      <Form.Item
        label="所属监管部门"
        name="inspectingUnit"
        extra="每条检查记录都记下由哪个部门检查，附件4 按它统计。不选时按“所在单位”中的区名判断。"
      >
        <Select allowClear placeholder="市局或所在区局" options={INSPECTING_UNITS.map((u) => ({ value: u, label: inspectingUnitName(u) }))} />
      </Form.Item>
      <Form.Item label="联系电话" name="phone" extra="附件4 填表人的联系电话。">
        <Input maxLength={40} />
      </Form.Item>
    </>
  );
}

/** Settings: who is working on this laptop. */
export function ProfileCard() {
  const profile = useQuery('profile/get', {});
  const [form] = Form.useForm<Profile>();
  const [saving, setSaving] = useState(false);
  const { message } = App.useApp();
  if (profile.loading && !profile.data) return null;
  return (
    <Form<Profile>
      form={form}
      layout="vertical"
      style={{ maxWidth: 420 }}
      initialValues={profile.data ?? undefined}
      onFinish={async (v) => {
        setSaving(true);
        try {
          await api.call('profile/save', v);
          message.success('已保存检查人员信息');
          profile.reload();
        } catch (err) {
          message.error(errorMessage(err));
        } finally {
          setSaving(false);
        }
      }}
    >
      <ProfileFields />
      <Button type="primary" htmlType="submit" loading={saving}>
        保存
      </Button>
    </Form>
  );
}

/**
 * First start: every change and signature is stamped with the inspector's
 * identity, so the app asks for it before anything else.
 */
export function ProfileGate() {
  const profile = useQuery('profile/get', {});
  const [form] = Form.useForm<Profile>();
  const [saving, setSaving] = useState(false);
  const { message } = App.useApp();
  const open = !profile.loading && !profile.error && profile.data === null;
  return (
    <Modal
      open={open}
      title="首次使用：请填写本机检查人员信息"
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      okText="开始使用"
      cancelButtonProps={{ style: { display: 'none' } }}
      confirmLoading={saving}
      onOk={() => form.submit()}
    >
      <p style={{ color: '#666' }}>每一次修改、每一个签名都会记录填写人的身份。以后可在「设置」中修改。</p>
      <Form<Profile>
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          setSaving(true);
          try {
            await api.call('profile/save', v);
            profile.reload();
          } catch (err) {
            message.error(errorMessage(err));
          } finally {
            setSaving(false);
          }
        }}
      >
        <ProfileFields />
      </Form>
    </Modal>
  );
}
