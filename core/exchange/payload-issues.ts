/**
 * Saying what is wrong with an incoming payload: the record (机构「…」, 检查「…」) and the
 * field, in Chinese, for the reason the import log and the 数据交换 page show.
 */
import { z } from 'zod';
import { AGENCY_FIELD_LABELS, CERTIFICATE_FIELD_LABELS } from '../../forms/agency';
import { shown } from './payload-rules';


// ---------------------------------------------------------------------------
// Saying what is wrong

const FIELD_LABELS: Record<string, string> = {
  ...AGENCY_FIELD_LABELS,
  ...CERTIFICATE_FIELD_LABELS,
  id: '编号',
  createdAt: '创建时间',
  updatedAt: '修改时间',
  submittedAt: '提交时间',
  signedAt: '签署时间',
  signedBy: '签署人',
  at: '操作时间',
  actor: '操作人',
  badgeNo: '执法证号',
  unit: '所在单位',
  seq: '序号',
  note: '存在问题及整改情况说明',
  practising: '是否在本单位真实执业',
  education: '学历是否真实',
  title: '职称是否真实',
  totalStaff: '特种设备检验检测人员总数',
  disclosedCount: '办理执业公示的人员数量',
  socialInsuranceCount: '持续缴纳社保的人员数量',
  meetsRequirements: '是否持续满足人员资源条件',
  filledBy: '填表人姓名',
  filledPhone: '联系电话',
  filledOn: '填报日期',
  key: '项目',
  problems: '发现的问题',
  corrections: '自纠情况',
  acceptance: '检查意见',
  type: '检查类型',
  inspectedOn: '检查日期',
  status: '状态',
  reason: '更改理由',
  oldValue: '修改前的值',
  newValue: '修改后的值',
  sha256: 'SHA-256',
  mediaType: '文件类型',
  base64: '文件内容',
  parts: '证据数据包个数',
  part: '证据数据包序号',
  certificates: '核准证',
  persons: '排查清单',
  selfCheck: '附件1 自查自纠',
  revisions: '签署版本',
  audit: '操作日志',
  evidence: '证据文件',
  agencies: '机构',
  inspections: '检查记录',
};

/** Fields whose name means another thing inside some records: a person's name is not the agency's. */
const LABELS_WITHIN: Record<string, Record<string, string>> = {
  actor: { name: '姓名' },
  signedBy: { name: '姓名' },
  persons: { name: '姓名', certNo: '证书编号' },
  template: { id: '模板编号', version: '模板版本', name: '模板名称', body: '模板内容' },
};

function labelOf(parent: string | undefined, field: string): string {
  return (parent === undefined ? undefined : LABELS_WITHIN[parent]?.[field]) ?? FIELD_LABELS[field] ?? field;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const at = (v: unknown, k: PropertyKey): unknown => (typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[k] : undefined);

/** The record a path of the payload points into, in words: 机构「…」的第 2 张核准证, 「… 2026-11-27」的检查第 1 版. */
function recordAt(payload: unknown, path: readonly PropertyKey[]): string {
  const [section, index, sub, subIndex, subSub] = path;
  const n = typeof index === 'number' ? index + 1 : 0;
  if (section === 'agencies' && typeof index === 'number') {
    const agency = at(at(payload, 'agencies'), index);
    const name = str(at(agency, 'name'));
    let where = name ? `机构「${shown(name)}」` : `第 ${n} 个机构`;
    if (sub === 'certificates' && typeof subIndex === 'number') where += `的第 ${subIndex + 1} 张核准证`;
    if (sub === 'personnel' && subIndex === 'summary') where += '的附件2 自查情况汇总';
    if (sub === 'personnel' && subIndex === 'persons' && typeof subSub === 'number') where += `的附件2 排查清单第 ${subSub + 1} 人`;
    if (sub === 'selfCheck' && typeof subIndex === 'number') where += `的附件1 第 ${subIndex + 1} 项`;
    return where;
  }
  if (section === 'inspections' && typeof index === 'number') {
    const rec = at(at(payload, 'inspections'), index);
    const agencies = at(payload, 'agencies');
    const agency = Array.isArray(agencies) ? agencies.find((a) => at(a, 'id') === at(rec, 'agencyId')) : undefined;
    let where = `「${shown(str(at(agency, 'name')) ?? '')} ${shown(str(at(rec, 'inspectedOn')) ?? '')}」的检查（数据包中第 ${n} 项检查）`;
    if (sub === 'revisions' && typeof subIndex === 'number') {
      const number = at(at(at(rec, 'revisions'), subIndex), 'number');
      where += `第 ${typeof number === 'number' ? number : subIndex + 1} 版`;
    }
    if (sub === 'audit' && typeof subIndex === 'number') where += `的操作日志第 ${subIndex + 1} 条`;
    if (sub === 'template') where += '附带的评分模板';
    return where;
  }
  if (section === 'evidence' && typeof index === 'number') {
    const sha = str(at(at(at(payload, 'evidence'), index), 'sha256'));
    return `数据包中的第 ${n} 个证据文件${sha ? `（SHA-256 ${sha.slice(0, 16)}…）` : ''}`;
  }
  if (section === 'evidenceParts') return '证据分包清单';
  if (section === 'partOf') return '证据数据包的分包信息';
  return '数据包内容';
}

/**
 * A payload issue as the bureau reads it: which record, which field, what is wrong, and
 * the field's path in the file (for whoever looks at it). For readBundle's refusal.
 */
export function describePayloadIssue(payload: unknown, issue: z.core.$ZodIssue): string {
  const where = `payload${issue.path.map((k) => `.${String(k)}`).join('')}`;
  const named = issue.path.filter((k): k is string => typeof k === 'string');
  // A path ending in an index points at a record (or a list entry) itself, not at one of its fields.
  const last = issue.path.at(-1);
  const field = typeof last === 'string' ? last : undefined;
  const record = recordAt(payload, issue.path);
  const label = field === undefined ? undefined : labelOf(named.at(-2), field);
  const message = issue.code === 'unrecognized_keys' ? `含有格式 v1 之外的字段（${issue.keys.join('、')}）` : issue.message;
  const what = !label || message.startsWith(label) ? `${record}：${message}` : `${record}的${label}：${message}`;
  return `${what}（字段 ${where}）`;
}
