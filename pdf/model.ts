/**
 * Plain input models of the printed documents.
 *
 * The PDF engine never reads the database: services fill these objects (from the working
 * copy or from a signed revision) and hand them over. Field names follow db/schema.ts and
 * forms/ so the mapping stays one line per field.
 */
import type { Acceptance } from '../forms/attachment1';
import type { CheckValue, PersonnelCounts, PersonRow } from '../forms/attachment2';
import type { ClauseResult, Totals } from '../forms/scoring';

/** Which signed revision the paper shows; printed as text, QR code and PDF metadata. */
export interface PrintRecord {
  /** The inspection's record id (UUID v7 made on the device). */
  recordId: string;
  /** Revision number, 1 for the first signature. */
  revision: number;
  /** Lower-case hex SHA-256 of the revision's canonical (RFC 8785) snapshot. */
  sha256: string;
  /** True for an amendment (revision > 1 replacing an earlier one): prints 「已更改（第 N 版）」. */
  amended: boolean;
}

export interface PrintAgency {
  name: string;
  creditCode: string;
  address?: string;
}

export interface PrintInspector {
  name: string;
  /** 执法证号 */
  badgeNo: string;
}

export interface PrintInspection {
  /** 检查日期 YYYY-MM-DD */
  date: string;
  /** 证后监督检查, 专项监督检查, ... */
  type: string;
  inspectors: PrintInspector[];
  /** The inspecting unit (e.g. 上海市市场监督管理局): its name goes round the seal. */
  unitName: string;
  /** Text under the star of the seal; default 「监督检查专用章」. */
  sealLabel?: string;
}

export interface PrintSignature {
  name: string;
  /** 检查人员, 被检查机构负责人, ... */
  role: string;
  /** ISO time of signing (UTC); printed as the Asia/Shanghai date. */
  signedAt: string;
  /** PNG data URL of the handwritten signature; without it a line is left to sign on paper. */
  image?: string;
}

/** Shared by every document: what each page's footer and the verification block print. */
export interface PrintFrame {
  record: PrintRecord;
  agency: PrintAgency;
  inspection: PrintInspection;
}

// ---------------------------------------------------------------------------
// 附件3

export interface Attachment3ItemPrint {
  no: number;
  score: number | null;
  notApplicable: boolean;
  /** 问题记录 */
  problem: string;
  /** 备注 */
  remark: string;
  /** One per requirement clause of the item, in order; null = not assessed. */
  clauses: (ClauseResult | null)[];
}

export interface Attachment3Print extends PrintFrame {
  /** All 42 items, each once (order does not matter). */
  items: Attachment3ItemPrint[];
  /** computeTotals(template, items) of forms/scoring.ts. */
  totals: Totals;
  /** Scoring template version the record was scored with, printed under the table. */
  templateVersion: string;
  signatures: PrintSignature[];
}

// ---------------------------------------------------------------------------
// 附件2

export interface Attachment2Summary {
  /** 1. 特种设备检验检测人员总数 (reported by the agency); null = not filled in. */
  totalStaff: number | null;
  /** 2. 办理执业公示的特种设备检验检测人员数量 */
  disclosedCount: number | null;
  /** 3. 持续缴纳社保的特种设备检验检测人员数量 */
  socialInsuranceCount: number | null;
  /** 4. 是否持续满足《核准规则》规定的人员资源条件 */
  meetsRequirements: Extract<CheckValue, '是' | '否'> | null;
}

export interface Attachment2Print extends PrintFrame {
  summary: Attachment2Summary;
  /** computePersonnelCounts(rows) of forms/attachment2.ts; checked against the rows. */
  counts: PersonnelCounts;
  /** The roster in 序号 order. */
  rows: PersonRow[];
  /** 单位主要负责人 (printed next to 单位主要负责人签字 when known). */
  principal?: string;
  filledBy: string;
  phone: string;
  /** 填报日期 YYYY-MM-DD, '' when not filled in. */
  filledOn: string;
  signatures: PrintSignature[];
}

// ---------------------------------------------------------------------------
// 附件1

export interface Attachment1BasicInfo {
  name: string;
  address: string;
  creditCode: string;
  legalRep: string;
  legalRepPhone: string;
  contact: string;
  contactPhone: string;
}

export interface Attachment1Certificate {
  orgName: string;
  certNo: string;
  issuer: string;
  issuedOn: string;
  validUntil: string;
}

export interface Attachment1ItemPrint {
  /** forms/attachment1 item key, '1.1' … '5.1'. */
  key: string;
  /** 发现的问题 */
  problems: string;
  /** 自纠情况 */
  corrections: string;
  /** The inspector's verdict on the agency's answer; null = not reviewed. */
  acceptance: Acceptance | null;
}

export interface Attachment1Print extends PrintFrame {
  basicInfo: Attachment1BasicInfo;
  /** An agency may hold several 核准证; at least one row is printed (blank when none). */
  certificates: Attachment1Certificate[];
  /** Reviewed items; items missing here print empty cells. */
  items: Attachment1ItemPrint[];
  signatures: PrintSignature[];
}

// ---------------------------------------------------------------------------
// 整改通知书

/** The severities an inspector records (core/contract/lifecycle SEVERITIES). */
export type FindingSeverity = '一般问题' | '违法违规行为' | '严重事故隐患';

export interface NoticeFinding {
  /** 附件3 item number the finding belongs to, when it comes from the checklist. */
  itemNo?: number;
  severity: FindingSeverity;
  description: string;
  /** 整改期限 YYYY-MM-DD; '' when none was set. */
  deadline: string;
  /** Legal basis or requirement, optional. */
  basis?: string;
}

export interface NoticePrint extends PrintFrame {
  /** 文书编号, e.g. 沪市监特整〔2024〕12号; optional. */
  documentNo?: string;
  findings: NoticeFinding[];
  /** How to report back; default text when omitted. */
  replyInstructions?: string;
  /** Date the notice is issued, YYYY-MM-DD; defaults to the inspection date. */
  issuedOn?: string;
  signatures: PrintSignature[];
}
