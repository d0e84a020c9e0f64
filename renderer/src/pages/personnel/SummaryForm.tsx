import { useState } from 'react';
import { Alert, App, Button, Col, DatePicker, Form, Input, InputNumber, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { Checklist } from '../../../../core/contract/personnel';
import { FOOTER_LABELS, SUMMARY_LABELS } from '../../../../forms/attachment2';
import { api, ApiCallError, errorMessage } from '../../api/client';

interface Values {
  totalStaff: number | null;
  disclosedCount: number | null;
  socialInsuranceCount: number | null;
  meetsRequirements: '是' | '否' | '';
  filledBy: string;
  filledPhone: string;
  filledOn: Dayjs | null;
  resourceRectifiedOn: Dayjs | null;
  resourceRectifiedNote: string;
  personnelRectifiedOn: Dayjs | null;
  personnelRectifiedNote: string;
}

const day = (s: string) => (s ? dayjs(s) : null);
const text = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : '');

function toValues(c: Checklist): Values {
  const s = c.summary;
  return { ...s, filledOn: day(s.filledOn), resourceRectifiedOn: day(s.resourceRectifiedOn), personnelRectifiedOn: day(s.personnelRectifiedOn) };
}

/**
 * The reported half of （一） (what the agency states: totals, 是否满足) and the
 * 填表人 lines. Compared with the computed roster total so a mismatch shows.
 */
export function SummaryForm({ checklist, onSaved }: { checklist: Checklist; onSaved(c: Checklist): void }) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const { message } = App.useApp();
  const reported = Form.useWatch('totalStaff', form) ?? checklist.summary.totalStaff;
  const mismatch = reported !== null && reported !== undefined && reported !== checklist.counts.total;

  async function submit(v: Values) {
    setSaving(true);
    try {
      const saved = await api.call('personnel/saveSummary', {
        agencyId: checklist.agencyId,
        totalStaff: v.totalStaff ?? null,
        disclosedCount: v.disclosedCount ?? null,
        socialInsuranceCount: v.socialInsuranceCount ?? null,
        meetsRequirements: v.meetsRequirements ?? '',
        filledBy: v.filledBy ?? '',
        filledPhone: v.filledPhone ?? '',
        filledOn: text(v.filledOn),
        resourceRectifiedOn: text(v.resourceRectifiedOn),
        resourceRectifiedNote: v.resourceRectifiedNote ?? '',
        personnelRectifiedOn: text(v.personnelRectifiedOn),
        personnelRectifiedNote: v.personnelRectifiedNote ?? '',
      });
      message.success('已保存自查情况汇总');
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiCallError && err.error.path) {
        form.setFields([{ name: err.error.path as keyof Values, errors: [err.error.message] }]);
      }
      message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  const count = (name: keyof Values, label: string) => (
    <Col span={6}>
      <Form.Item name={name} label={label} style={{ marginBottom: 8 }}>
        <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} placeholder="人数" />
      </Form.Item>
    </Col>
  );

  return (
    <Form<Values> form={form} layout="vertical" initialValues={toValues(checklist)} onFinish={submit} disabled={saving} size="small">
      <Row gutter={12}>
        {count('totalStaff', SUMMARY_LABELS.totalPersonnel)}
        {count('disclosedCount', SUMMARY_LABELS.disclosedPersonnel)}
        {count('socialInsuranceCount', SUMMARY_LABELS.socialInsurancePersonnel)}
        <Col span={6}>
          <Form.Item name="meetsRequirements" label={SUMMARY_LABELS.meetsResourceConditions} style={{ marginBottom: 8 }}>
            <Select
              options={[
                { value: '', label: '（未填）' },
                { value: '是', label: '是' },
                { value: '否', label: '否' },
              ]}
            />
          </Form.Item>
        </Col>
      </Row>
      {/* 附件4 counts a problem as 已整改 from the day its rectification is recorded complete. */}
      <Row gutter={12}>
        <Col span={6}>
          <Form.Item name="resourceRectifiedOn" label="人员资源条件整改完成日期" style={{ marginBottom: 8 }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="resourceRectifiedNote" label="整改说明" style={{ marginBottom: 8 }}>
            <Input maxLength={500} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="personnelRectifiedOn" label="人员问题（执业/学历/职称）整改完成日期" style={{ marginBottom: 8 }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="personnelRectifiedNote" label="整改说明" style={{ marginBottom: 8 }}>
            <Input maxLength={500} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12} align="bottom">
        <Col span={6}>
          <Form.Item name="filledBy" label={FOOTER_LABELS.filledBy} style={{ marginBottom: 8 }}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="filledPhone" label={FOOTER_LABELS.phone} style={{ marginBottom: 8 }}>
            <Input maxLength={40} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="filledOn" label={FOOTER_LABELS.filledOn} style={{ marginBottom: 8 }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item style={{ marginBottom: 8 }}>
            <Button type="primary" htmlType="submit" loading={saving}>
              保存汇总
            </Button>
          </Form.Item>
        </Col>
      </Row>
      {mismatch && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 4 }}
          title={`填报的人员总数（${reported} 人）与排查清单人数（${checklist.counts.total} 人）不一致，请核对是否有人员漏填。`}
        />
      )}
    </Form>
  );
}
