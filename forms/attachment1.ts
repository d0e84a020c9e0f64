/**
 * 附件1 特种设备检验检测机构自查自纠对照表（参考）(沪市监特种〔2024〕317号).
 *
 * Text is copied from the notice. Edits, all forced by the PDF extraction:
 *  - HTML <p> tags it left in sections 4 and 5 are dropped;
 *  - whitespace it inserted inside Chinese words (“近四年 制度建 设和制 度落实
 *    情况”, “法定 代表人”) is removed;
 *  - the “(1) ” clause numbers are dropped; requirements become an array so
 *    the renderer numbers them.
 * Punctuation is NOT normalised: sections 2–3 really use half-width “;” and
 * “, ” where sections 1 and 4 use “；” and “，”, and we keep what the notice
 * says. The tests check every string against the reference notice.
 *
 * Pure module: shared by the renderer, import and report code.
 */

export const ATTACHMENT1_NO = 1;

export const ATTACHMENT1_TITLE = '特种设备检验检测机构自查自纠对照表（参考）';

export const BASIC_INFO_GROUP_LABEL = '基本信息';

/** Keys match the agency record fields in ./agency so a record fills the header directly. */
export const BASIC_INFO_LABELS = {
  name: '法人单位名称（必须与营业执照或法人证书一致）',
  address: '单位地址',
  creditCode: '组织机构代码/统一社会信用代码',
  legalRep: '法定代表人',
  legalRepPhone: '法定代表人联系电话',
  contact: '联系人',
  contactPhone: '联系电话',
} as const;

export const CERTIFICATE_GROUP_LABEL = '取得特种设备核准证情况';

/** Keys match the certificate record fields in ./agency. */
export const CERTIFICATE_LABELS = {
  orgName: '机构名称',
  certNo: '证书编号',
  issuer: '发证机关',
  issuedOn: '发证日期',
  validUntil: '有效日期',
} as const;

export const ATTACHMENT1_COLUMNS = {
  seq: '序号',
  content: '自查内容',
  requirements: '检查方法及证明材料要求',
  problems: '发现的问题',
  correction: '自纠情况',
} as const;

/**
 * Whether the inspector accepts the agency's own answer for an item. Not part
 * of 附件1: the app adds it so a supervisory visit can record agreement item
 * by item (待核实 = needs evidence not available on the spot).
 */
export const ACCEPTANCE = ['认可', '不认可', '待核实'] as const;
export type Acceptance = (typeof ACCEPTANCE)[number];

export interface SelfCheckItem {
  /** `${section}.${n}`; section 5 has a single unnamed item, '5.1'. */
  key: string;
  section: number;
  sectionTitle: string;
  /** 自查内容 (second column); '' for section 5, whose row has none. */
  content: string;
  /** 检查方法及证明材料要求, one entry per numbered clause, without “(n) ”. */
  requirements: string[];
}

export const ATTACHMENT1_SECTIONS: readonly { no: number; title: string }[] = [
  { no: 1, title: '近四年制度建设和制度落实情况' },
  { no: 2, title: '资源条件' },
  { no: 3, title: '质量管理体系' },
  { no: 4, title: '检验检测工作质量' },
  { no: 5, title: '履职情况' },
];

/** [section, content, requirements] in table order; keys are derived below. */
const ROWS: readonly (readonly [number, string, readonly string[]])[] = [
  [1, '领导班子内部检验检测工作管理的分工和职责', [
    '领导班子内部检验检测工作管理的分工和职责是否明确；',
    '是否形成文件化的分工和职责的文件。',
  ]],
  [1, '检验检测工作管理制度建设', [
    '是否建立检验检测工作管理体系；',
    '与检验检测工作有关的制度是否完善。',
  ]],
  [1, '检验检测工作存在的问题，如有问题是否有进一步措施', [
    '能够及时发现检验检测工作存在的问题；',
    '发现的问题是否有跟踪，并形成闭环。',
  ]],
  [1, '检验检测机构发展', [
    '是否针对检验检测机构发展进行研究和规划',
  ]],

  [2, '资产配置', [
    '检验检测机构资产配置是否满足核准规则要求',
  ]],
  [2, '检验检测设备配备及管理', [
    '是否定期对设备进行量值溯源;',
    '是否建立设备档案, 并定期维护设备档案。',
  ]],
  [2, '人员配备及管理', [
    '关键岗位人员是否符合任职条件;',
    '检验检测人员是否满足核准项目要求;',
    '是否有计划地针对检验检测人员开展必要的技术和质量管理知识培训;',
    '检验检测人员是否与检验任务相匹配。',
  ]],
  [2, '场地与设施', [
    '固定办公场所建筑面积应符合要求, 检验、检测和校验场所面积应符合要求',
  ]],

  [3, '体系建立维护', [
    '是否按照核准规则建立体系并有效实施;',
    '是否能够针对现行有效的法律法规安全技术规范标准等及时更新体系文件。',
  ]],
  [3, '质量监督', [
    '是否定期对检验检测人员的工作能力和质量进行监督;',
    '是否开展检验检测能力内部评价, 参加检验检测能力评价与验证活动;',
    '检测如有分包应定期对检测分包方质量进行监督。',
  ]],
  [3, '分析与改进', [
    '是否进行内审;',
    '是否进行管理评审;',
    '发现问题是否制定纠正与预防措施;',
    '投诉是否及时处理, 并有相应规定和记录。',
  ]],

  [4, '检验、检测报告', [
    '是否在规定时间内，及时出具检验报告；',
    '检验检测过程是否符合规定程序、操作规范和技术标准；',
    '检验、检测规范和本单位作业指导书、检验检测原始记录和相关检验检测方案，报告的格式是否正确、内容是否齐全；',
    '原始记录的填写、校核是否符合规定，问题描述和检验、检测结论是否准确；',
    '报告是否有漏检、错检的项目，是否存在不检验就出具检验报告和随意修改检验结果的现象，检验、检测报告/证书的编制、审核、批准等是否符合规定；',
    '原始记录、报告归档等资料是否及时归档，并按规定期限保存。',
  ]],
  [4, '检验、检测现场', [
    '检查、检测现场是否配备安全防护措施；',
    '检验检测所使用的仪器设备是否符合仪器设备的相关规定；',
    '检查检验过程、方法是否按照作业指导书的要求实施检验；',
    '检查现场检验数据是否及时进行记录，原始记录的填写是否及时、完整；',
    '是否存在不检验就出具检验报告。',
  ]],
  [4, '事故或事件', [
    '是否发生过因检验检测质量问题导致特种设备事故或突发性事件',
  ]],

  // Section 5's row has no 自查内容 cell: the requirements span both columns.
  [5, '', [
    '是否按时完成检验责任范围内特种设备检验任务，确保定期检验率；',
    '发现检验不合格或存在严重事故隐患的特种设备是否及时向市、区两级特种设备安全监督管理部门报告。',
  ]],
];

function buildItems(): readonly SelfCheckItem[] {
  const titles = new Map(ATTACHMENT1_SECTIONS.map((s) => [s.no, s.title] as const));
  const perSection = new Map<number, number>();
  return ROWS.map(([section, content, requirements]) => {
    const n = (perSection.get(section) ?? 0) + 1;
    perSection.set(section, n);
    const sectionTitle = titles.get(section);
    // A typo in ROWS must fail loudly at import, not print an empty heading.
    if (sectionTitle === undefined) throw new Error(`附件1 第 ${section} 部分没有标题`);
    return Object.freeze({
      key: `${section}.${n}`,
      section,
      sectionTitle,
      content,
      requirements: [...requirements],
    });
  });
}

/** The 15 items in table order. Frozen: shared by every form instance. */
export const ATTACHMENT1_ITEMS: readonly SelfCheckItem[] = Object.freeze(buildItems());
