import { useEffect, useRef, useState } from 'react';
import { Alert, Card, Col, Descriptions, Flex, Input, Radio, Row, Spin, Tag, Typography } from 'antd';
import type { SelfCheck } from '../../../../core/contract/selfcheck';
import {
  ACCEPTANCE,
  ATTACHMENT1_COLUMNS,
  ATTACHMENT1_ITEMS,
  ATTACHMENT1_SECTIONS,
  ATTACHMENT1_TITLE,
  BASIC_INFO_GROUP_LABEL,
  BASIC_INFO_LABELS,
  CERTIFICATE_GROUP_LABEL,
} from '../../../../forms/attachment1';
import { api, errorMessage } from '../../api/client';
import { CertificateTable } from '../../parts/CertificateTable';

type Acceptance = SelfCheck['items'][number]['acceptance'];
interface Draft {
  problems: string;
  corrections: string;
  acceptance: Acceptance;
}

const ACCEPT_COLOR: Record<(typeof ACCEPTANCE)[number], string> = { 认可: 'green', 不认可: 'red', 待核实: 'gold' };
/** Typing pauses this long before the changed items are saved. */
const SAVE_DELAY_MS = 800;

/**
 * 附件1 review: the agency's basic and certificate info from the registry,
 * then the 5 sections / 15 items verbatim with 检查方法及证明材料要求, and per
 * item 发现的问题, 自纠情况 and the inspector's 检查意见. Changes save on their
 * own shortly after typing stops (and when leaving), so nothing typed is lost.
 */
export function SelfCheckPanel({ agencyId }: { agencyId: string }) {
  const [data, setData] = useState<SelfCheck | null>(null);
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [status, setStatus] = useState<'idle' | 'dirty' | 'saving' | 'saved' | 'error'>('idle');
  const [error, setError] = useState<string | null>(null);
  const dirty = useRef(new Set<string>());
  const draftsRef = useRef(drafts);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    let current = true;
    api.call('selfcheck/get', { agencyId }).then(
      (s) => {
        if (!current) return;
        setData(s);
        const d = Object.fromEntries(s.items.map((i) => [i.key, { problems: i.problems, corrections: i.corrections, acceptance: i.acceptance }]));
        draftsRef.current = d;
        setDrafts(d);
      },
      (err: unknown) => current && setError(errorMessage(err)),
    );
    return () => {
      current = false;
    };
  }, [agencyId]);

  async function flush() {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const keys = [...dirty.current];
    if (keys.length === 0) return;
    dirty.current.clear();
    setStatus('saving');
    try {
      const s = await api.call('selfcheck/save', {
        agencyId,
        items: keys.map((key) => ({ key, ...(draftsRef.current[key] as Draft) })),
      });
      setData(s);
      setError(null);
      setStatus(dirty.current.size > 0 ? 'dirty' : 'saved');
    } catch (err) {
      keys.forEach((k) => dirty.current.add(k));
      setError(`未保存：${errorMessage(err)}`);
      setStatus('error');
    }
  }

  // Leaving the tab or the agency saves what is pending.
  useEffect(
    () => () => {
      void flush();
    },
    // flush reads refs only; it must run once, on unmount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  function change(key: string, patch: Partial<Draft>, immediate = false) {
    const next = { ...draftsRef.current, [key]: { ...(draftsRef.current[key] as Draft), ...patch } };
    draftsRef.current = next;
    setDrafts(next);
    dirty.current.add(key);
    setStatus('dirty');
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), immediate ? 0 : SAVE_DELAY_MS);
  }

  if (error && !data) return <Alert type="error" showIcon title={error} />;
  if (!data || data.agency.id !== agencyId) return <Spin style={{ display: 'block', margin: 48 }} />;
  const a = data.agency;
  const p = data.progress;

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center">
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          附件1{'\u3000'}{ATTACHMENT1_TITLE}
        </Typography.Text>
        <Flex gap={12} align="center">
          <span data-testid="selfcheck-progress">
            已审核 {p.reviewed}/{p.total} 项（认可 {p.accepted}，不认可 {p.rejected}，待核实 {p.pending}）
          </span>
          <Typography.Text type={status === 'error' ? 'danger' : 'secondary'} style={{ fontSize: 12, minWidth: 84 }}>
            {{ idle: '', dirty: '有修改，稍后自动保存', saving: '正在保存…', saved: '已保存', error: '保存失败' }[status]}
          </Typography.Text>
        </Flex>
      </Flex>
      {error && <Alert type="error" showIcon title={error} />}

      <Card size="small" title={BASIC_INFO_GROUP_LABEL} extra={<Typography.Text type="secondary">取自机构名录；如需修改，请在「机构」中编辑</Typography.Text>}>
        <Descriptions
          size="small"
          bordered
          column={2}
          items={(Object.keys(BASIC_INFO_LABELS) as (keyof typeof BASIC_INFO_LABELS)[]).map((k) => ({
            key: k,
            label: BASIC_INFO_LABELS[k],
            children: a[k] || '—',
            span: k === 'name' || k === 'address' ? 2 : 1,
          }))}
        />
      </Card>
      <Card size="small" title={CERTIFICATE_GROUP_LABEL}>
        <CertificateTable certificates={a.certificates} />
      </Card>

      {ATTACHMENT1_SECTIONS.map((section) => (
        <Card key={section.no} size="small" title={`${section.no}. ${section.title}`}>
          <Flex vertical gap={12}>
            {ATTACHMENT1_ITEMS.filter((it) => it.section === section.no).map((it) => {
              const d = drafts[it.key] ?? { problems: '', corrections: '', acceptance: '' };
              return (
                <Row key={it.key} gutter={16} data-testid={`selfcheck-item-${it.key}`} style={{ borderTop: '1px solid #f0f0f0', paddingTop: 10 }}>
                  <Col span={10}>
                    <Typography.Text strong>
                      {it.key}{'\u3000'}{it.content || section.title}
                    </Typography.Text>
                    <div style={{ fontSize: 12, color: '#555', marginTop: 4 }}>
                      <div style={{ color: '#888' }}>{ATTACHMENT1_COLUMNS.requirements}：</div>
                      {it.requirements.map((r, i) => (
                        <div key={i}>
                          ({i + 1}) {r}
                        </div>
                      ))}
                    </div>
                  </Col>
                  <Col span={14}>
                    <Row gutter={8}>
                      <Col span={12}>
                        <div style={{ fontSize: 12, color: '#888' }}>{ATTACHMENT1_COLUMNS.problems}</div>
                        <Input.TextArea
                          value={d.problems}
                          placeholder={ATTACHMENT1_COLUMNS.problems}
                          aria-label={`${it.key} ${ATTACHMENT1_COLUMNS.problems}`}
                          autoSize={{ minRows: 2, maxRows: 6 }}
                          maxLength={2000}
                          onChange={(e) => change(it.key, { problems: e.target.value })}
                          onBlur={() => void flush()}
                        />
                      </Col>
                      <Col span={12}>
                        <div style={{ fontSize: 12, color: '#888' }}>{ATTACHMENT1_COLUMNS.correction}</div>
                        <Input.TextArea
                          value={d.corrections}
                          placeholder={ATTACHMENT1_COLUMNS.correction}
                          aria-label={`${it.key} ${ATTACHMENT1_COLUMNS.correction}`}
                          autoSize={{ minRows: 2, maxRows: 6 }}
                          maxLength={2000}
                          onChange={(e) => change(it.key, { corrections: e.target.value })}
                          onBlur={() => void flush()}
                        />
                      </Col>
                    </Row>
                    <Flex gap={8} align="center" style={{ marginTop: 6 }}>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        检查意见：
                      </Typography.Text>
                      <Radio.Group
                        size="small"
                        optionType="button"
                        value={d.acceptance}
                        aria-label={`${it.key} 检查意见`}
                        onChange={(e) => change(it.key, { acceptance: e.target.value as Acceptance }, true)}
                        options={[...ACCEPTANCE.map((v) => ({ value: v, label: v })), { value: '', label: '未审核' }]}
                      />
                      {d.acceptance !== '' && <Tag color={ACCEPT_COLOR[d.acceptance]}>{d.acceptance}</Tag>}
                    </Flex>
                  </Col>
                </Row>
              );
            })}
          </Flex>
        </Card>
      ))}
    </Flex>
  );
}
