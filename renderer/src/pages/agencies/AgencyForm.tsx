import { useState } from 'react';
import { App, Button, DatePicker, Divider, Form, Input, Modal, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { Agency, AgencyInput } from '../../../../core/contract/agencies';
import { AGENCY_KINDS } from '../../../../forms/agency';
import { DISTRICTS } from '../../../../forms/districts';
import { api, ApiCallError, errorMessage } from '../../api/client';

interface CertificateValues {
  orgName: string;
  certNo: string;
  issuer: string;
  issuedOn?: Dayjs;
  validUntil?: Dayjs;
}
type FormValues = Omit<AgencyInput, 'certificates' | 'id'> & { certificates: CertificateValues[] };

function toValues(a: Agency | undefined): Partial<FormValues> {
  if (!a) return { certificates: [] };
  return {
    ...a,
    certificates: a.certificates.map((c) => ({ ...c, issuedOn: dayjs(c.issuedOn), validUntil: dayjs(c.validUntil) })),
  };
}

/** Maps the API's dotted error path to antd's field name array. */
function fieldName(path: string): (string | number)[] {
  return path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

export function AgencyForm({ agency, onClose, onSaved }: { agency?: Agency; onClose(): void; onSaved(a: Agency): void }) {
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const { message } = App.useApp();

  async function submit(values: FormValues) {
    setSaving(true);
    try {
      const saved = await api.call('agencies/save', {
        ...values,
        ...(agency ? { id: agency.id } : {}),
        certificates: (values.certificates ?? []).map((c) => ({
          orgName: c.orgName ?? '',
          certNo: c.certNo ?? '',
          issuer: c.issuer ?? '',
          issuedOn: c.issuedOn?.format('YYYY-MM-DD') ?? '',
          validUntil: c.validUntil?.format('YYYY-MM-DD') ?? '',
        })),
      });
      message.success(`已保存「${saved.name}」`);
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiCallError && err.error.path) {
        // The path comes from the same contract the form mirrors.
        form.setFields([{ name: fieldName(err.error.path) as never, errors: [err.error.message] }]);
      }
      message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open
      width={760}
      title={agency ? `编辑机构：${agency.name}` : '新增机构'}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            保存
          </Button>
        </Space>
      }
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={toValues(agency)}
        onFinish={submit}
        requiredMark
        disabled={saving}
      >
        <Form.Item label="法人单位名称（必须与营业执照或法人证书一致）" name="name" rules={[{ required: true, message: '请填写法人单位名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item
            label="统一社会信用代码"
            name="creditCode"
            rules={[{ required: true, message: '请填写统一社会信用代码' }]}
            style={{ flex: 1 }}
          >
            <Input maxLength={18} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
          <Form.Item label="所在区" name="district" rules={[{ required: true, message: '请选择所在区' }]} style={{ width: 160 }}>
            <Select options={DISTRICTS.map((d) => ({ value: d, label: d }))} />
          </Form.Item>
          <Form.Item label="机构类别" name="kind" rules={[{ required: true, message: '请选择机构类别' }]} style={{ width: 160 }}>
            <Select options={AGENCY_KINDS.map((d) => ({ value: d, label: d }))} />
          </Form.Item>
        </Space.Compact>
        <Form.Item label="单位地址" name="address" rules={[{ required: true, message: '请填写单位地址' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item label="法定代表人" name="legalRep" rules={[{ required: true, message: '请填写法定代表人' }]} style={{ flex: 1 }}>
            <Input />
          </Form.Item>
          <Form.Item label="法定代表人联系电话" name="legalRepPhone" style={{ flex: 1 }}>
            <Input />
          </Form.Item>
          <Form.Item label="联系人" name="contact" style={{ flex: 1 }}>
            <Input />
          </Form.Item>
          <Form.Item label="联系电话" name="contactPhone" style={{ flex: 1 }}>
            <Input />
          </Form.Item>
        </Space.Compact>
        <Divider titlePlacement="start">特种设备核准证</Divider>
        <Form.List name="certificates">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="start" wrap style={{ marginBottom: 4 }}>
                  <Form.Item name={[field.name, 'orgName']} rules={[{ required: true, message: '机构名称' }]}>
                    <Input placeholder="机构名称" style={{ width: 200 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'certNo']} rules={[{ required: true, message: '证书编号' }]}>
                    <Input placeholder="证书编号" style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'issuer']} rules={[{ required: true, message: '发证机关' }]}>
                    <Input placeholder="发证机关" style={{ width: 150 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'issuedOn']} rules={[{ required: true, message: '发证日期' }]}>
                    <DatePicker placeholder="发证日期" style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'validUntil']} rules={[{ required: true, message: '有效日期' }]}>
                    <DatePicker placeholder="有效日期" style={{ width: 120 }} />
                  </Form.Item>
                  <Button type="text" aria-label="删除此核准证" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ orgName: form.getFieldValue('name') ?? '' })}>
                添加核准证
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
