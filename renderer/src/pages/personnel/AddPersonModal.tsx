import { useState } from 'react';
import { App, Checkbox, Col, Form, Input, Modal, Row, Select } from 'antd';
import type { Counts, Person } from '../../../../core/contract/personnel';
import { CHECK_VALUES, ROSTER_COLUMNS, type PersonRow } from '../../../../forms/attachment2';
import { api, ApiCallError, errorMessage } from '../../api/client';

const LABEL = Object.fromEntries(ROSTER_COLUMNS.map((c) => [c.key, c.label])) as Record<(typeof ROSTER_COLUMNS)[number]['key'], string>;

/** Adds one person at the end of the roster (本表可根据实际需要添加行). */
export function AddPersonModal({ agencyId, onClose, onAdded }: { agencyId: string; onClose(): void; onAdded(p: Person, c: Counts): void }) {
  const [form] = Form.useForm<PersonRow>();
  const [saving, setSaving] = useState(false);
  const { message } = App.useApp();

  async function submit(v: PersonRow) {
    setSaving(true);
    try {
      const r = await api.call('personnel/addRow', { agencyId, person: v });
      message.success(`已添加第 ${r.person.seq} 行：${r.person.name}`);
      onAdded(r.person, r.counts);
    } catch (err) {
      if (err instanceof ApiCallError && err.error.path?.startsWith('person.')) {
        form.setFields([{ name: err.error.path.slice('person.'.length) as keyof PersonRow, errors: [err.error.message] }]);
      }
      message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  const check = (key: 'practising' | 'education' | 'title') => (
    <Col span={8}>
      <Form.Item name={key} label={LABEL[key]} rules={[{ required: true, message: '请选择' }]}>
        <Select options={CHECK_VALUES.map((v) => ({ value: v, label: v }))} />
      </Form.Item>
    </Col>
  );

  return (
    <Modal open title="添加人员" okText="添加" onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} mask={{ closable: false }} width={640}>
      <Form<PersonRow>
        form={form}
        layout="vertical"
        onFinish={submit}
        disabled={saving}
        initialValues={{ practising: '是', education: '是', title: '是', note: '', certNo: '', disclosureCancelled: false, qualificationRevoked: false }}
      >
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="name" label={LABEL.name} rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
              <Input maxLength={50} autoFocus />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="certNo" label={`${LABEL.certNo}（选填）`}>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
          {check('practising')}
          {check('education')}
          {check('title')}
        </Row>
        <Form.Item name="note" label={LABEL.note}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Row>
          <Col span={12}>
            <Form.Item name="disclosureCancelled" valuePropName="checked" style={{ marginBottom: 0 }}>
              <Checkbox>{LABEL.disclosureCancelled}</Checkbox>
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="qualificationRevoked" valuePropName="checked" style={{ marginBottom: 0 }}>
              <Checkbox>{LABEL.qualificationRevoked}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
