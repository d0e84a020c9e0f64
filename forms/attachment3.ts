/**
 * 附件 3「上海市特种设备检验机构监督检查表」— transcribed from 沪市监特种〔2024〕317号
 * (上海市市场监督管理局, 2024-07-01).
 *
 * This module is the single in-app copy of the checklist, so it is kept PURE (no I/O,
 * no platform imports): the renderer, the PDF writer and the scoring engine all read it.
 *
 * Transcription rules (forms/attachment3.test.ts re-checks every clause against the notice):
 *  - Each requirement clause is the notice text with its "(1)" / "（1）" numbering removed,
 *    otherwise verbatim, including its own trailing punctuation. The notice mixes half-width
 *    ";" "," and full-width "；" "，" between rows; each clause keeps what the notice prints.
 *  - "<p>" / "</p>" tags left by the text extraction (items 6–12) are dropped: they are
 *    layout debris, not wording.
 *  - 督查方式 "资料/ 现场" is split on "/" and trimmed; the space is an extraction artefact.
 *  - Merged table cells (工作分类, 一级指标及分值) are inherited by the rows below them, which
 *    is why the data is written grouped by 一级指标, mirroring the printed table.
 *  - A requirement without numbering stays one clause even when it contains several
 *    sentences (items 8-(3), 24, 42): splitting it would invent structure the notice lacks.
 */

export type InspectionMethod = '资料' | '现场' | '实物' | '信息公开';
export type WorkCategory = '基础工作' | '专项工作' | '创新特色';

export interface Attachment3Item {
  /** 序号 1..42 */
  no: number;
  /** 工作分类 (inherited from the merged cell above) */
  category: WorkCategory;
  /** 一级指标 name without its "(10)" */
  indicator: string;
  /** that 一级指标's 分值; 创新特色 is 5 */
  points: number;
  /** true only for 创新特色 (item 42): its 5 points are added on top of the 100 */
  bonus: boolean;
  /** 二级指标; '' where the notice has none (item 41) */
  item: string;
  /** 工作要求 split into its numbered clauses, numbering removed */
  requirements: string[];
  /** 督查方式 */
  methods: InspectionMethod[];
}

export interface Attachment3Indicator {
  name: string;
  category: WorkCategory;
  points: number;
  bonus: boolean;
  itemNos: number[];
}

export const ATTACHMENT3_TITLE = '上海市特种设备检验机构监督检查表';

/**
 * Column headers as printed. The notice's repeated page headers alternate between
 * "(按 100 分计)" and "(按100分计)"; the unspaced form is the majority and is used here.
 */
export const ATTACHMENT3_COLUMNS = [
  '序号',
  '工作分类',
  '一级指标及分值 (按100分计)',
  '二级指标',
  '工作要求',
  '督查方式',
  '评分',
  '问题记录',
  '备注',
] as const;

interface IndicatorGroup {
  category: WorkCategory;
  indicator: string;
  points: number;
  bonus: boolean;
  rows: { no: number; item: string; requirements: string[]; methods: InspectionMethod[] }[];
}

// One entry per 一级指标, in notice order — the shape of the printed table's merged cells.
const GROUPS: IndicatorGroup[] = [
  {
    category: '基础工作',
    indicator: '资源条件',
    points: 10,
    bonus: false,
    rows: [
      {
        no: 1,
        item: '人员',
        requirements: [
          '配备的检验检测人员、专业技术人员数量及比例应符合要求;',
          '技术负责人、质量负责人资格应符合要求;',
          '责任师资格应符合要求。',
        ],
        methods: ['资料'],
      },
      {
        no: 2,
        item: '检验、检测设备',
        requirements: [
          '固定资产、仪器设备资产原值应符合要求 (适用于甲类检验机构);',
          '检验、检测仪器设备配备与核准项目相适应;',
          '检验、检测和校验仪器设备是机构自有产权。',
        ],
        methods: ['资料', '现场'],
      },
      {
        no: 3,
        item: '场地与设施',
        requirements: [
          '固定办公场所建筑面积符合要求, 检验、检测和校验场所面积应符合要求。',
        ],
        methods: ['资料', '现场'],
      },
    ],
  },
  {
    category: '基础工作',
    indicator: '质量管理体系',
    points: 20,
    bonus: false,
    rows: [
      {
        no: 4,
        item: '质量目标',
        requirements: [
          '质量目标应可分解、量化检查, 并按要求进行了检查。',
        ],
        methods: ['资料'],
      },
      {
        no: 5,
        item: '文件控制',
        requirements: [
          '应有法律、法规、规章、安全技术规范、标准的适用性、有效性核查记录和受控文件的发放及回收记录;',
          '应有质量体系文件修订、颁布见证资料。',
        ],
        methods: ['资料'],
      },
      {
        no: 6,
        item: '内审',
        requirements: [
          '应按照预先制定的计划和程序, 定期进行内部审计;',
          '内部审计应覆盖了质量管理体系的所有要素所有部门;',
          '应由经过培训、具有经验和任命的人员进行内部审计, 内部审计人员应独立于被审核的活动;',
          '应及时采取纠正或纠正措施并对纠正或纠正措施进行了跟踪验证;',
          '内部审计记录应齐全(至少包括: 内部审计会议通知、年度内部审计计划、内部审计检查表、不符合报告、内部审计报告、纠正措施实施记录等)。',
        ],
        methods: ['资料'],
      },
      {
        no: 7,
        item: '管理评审',
        requirements: [
          '应按周期实施管理评审, 管理评审输入应全面;',
          '管理评审输出结果应明确;',
          '应对质量方针、质量目标适宜性进行评审;',
          '管理评审的改进措施应有计划并得到实施;',
          '管理评审记录应齐全。',
        ],
        methods: ['资料'],
      },
      {
        no: 8,
        item: '人员管理',
        requirements: [
          '配备了满足检验与检测工作需要的人员, 并且与其履行了合法的聘用手续;',
          '明确岗位职责和任职条件, 并且对人员任职资格和能力进行了确认;',
          '对人员进行了技术和质量管理培训, 制定和实施了内部与外部培训计划、明确培训方式和方法, 并且对培训效果进行评价。其中, 技术负责人、质量负责人、内部审计人员和其他从事质量管理的人员, 接受过特种设备质量管理体系知识的专门培训;',
          '对人员进行了定期或者不定期的检查评价;',
          '建立了人员执业档案, 内容至少包括学历、职称、职业资格证书、检测资格证书、培训经历、检验检测经历、检查评价结果等。',
        ],
        methods: ['资料'],
      },
      {
        no: 9,
        item: '设备和设施管理',
        requirements: [
          '明确了检验检测设备采购技术要求，并且对采购的设备进行了验收；',
          '建立了检验检测设备台帐，规定了检验检测设备的唯一性标识和状态标识；',
          '检验检测设备有适宜的保存条件；',
          '建立了检验检测设备检定、校准和核查台账，制定了检定、校准和核查计划，对检定、校准和核查结果进行了确认；',
          '建立了检验仪器操作规程，必要时，对使用人员进行了培训和授权；',
          '建立和实施了检验检测设备的领用、状态确认、使用和归还记录；',
          '对出现异常状况的检验检测设备进行了停用，做出了标识和处置，并对之前检验检测结果的影响进行了评价和处置；',
          '建立了检验检测设备档案，包括出厂资料，采购验收记录，检定、校准和核查记录，使用、维修和保养记录等；',
          '明确、监督和记录了检验检测环境条件，当检验、检测设施和环境条件不满足要求时，不开展检验、检测。',
        ],
        methods: ['资料', '现场'],
      },
      {
        no: 10,
        item: '外部服务控制',
        requirements: [
          '应对检验检测质量有影响的采购服务和供应品的供应商进行评审，并建立合格供方目录和档案，供应商应在合格供方目录中；',
          '对检验检测质量有影响的服务和供应品应进行验收；',
          '检测如有分包应定期对检测分包方进行评审。',
        ],
        methods: ['资料'],
      },
      {
        no: 11,
        item: '检验质量问题处理',
        requirements: [
          '相关的程序或管理规定中应包含技术质量问题处理的内容；',
          '查阅检查年度检验质量问题登记台账，考查检验发现问题的处理情况。',
        ],
        methods: ['资料'],
      },
      {
        no: 12,
        item: '质量监督',
        requirements: [
          '应定期对检验检测人员的工作能力和质量进行监督；',
          '应定期参加检验检测能力评价与验证活动；',
          '检测如有分包应定期对检测分包方质量进行监督。',
        ],
        methods: ['资料'],
      },
      {
        no: 13,
        item: '检验检测方法',
        requirements: [
          '检验检测方法偏离应文件化并经技术负责人审批，并获得客户同意。',
        ],
        methods: ['资料'],
      },
    ],
  },
  {
    category: '基础工作',
    indicator: '检验检测质量',
    points: 30,
    bonus: false,
    rows: [
      {
        no: 14,
        item: '人员资质',
        requirements: [
          '检验检测人员、审核、批准人员应具备相应的资格，报告检查中应无未持有相应资质、资质等级不满足要求、资质已过期、资质未经注册或注册过期等情况。',
        ],
        methods: ['资料'],
      },
      {
        no: 15,
        item: '报告符合性',
        requirements: [
          '对照相关检验、检测规范和本单位作业指导书、检验检测原始记录和相关检验检测方案，报告的格式应正确、内容应齐全。',
        ],
        methods: ['资料'],
      },
      {
        no: 16,
        item: '报告准确性',
        requirements: [
          '原始记录的填写、校核等应符合规定，报告的格式应正确、内容应齐全，问题描述和检验、检测结论应准确。',
        ],
        methods: ['资料'],
      },
      {
        no: 17,
        item: '报告完整性',
        requirements: [
          '报告应无漏检、错检的项目；',
          '检验、检测中的分包应符合要求，并在报告中予以明示；',
          '检验、检测报告/证书的编制、审核、批准等应符合规定。',
        ],
        methods: ['资料'],
      },
      {
        no: 18,
        item: '报告一致性',
        requirements: [
          '检验、检测报告各分项目“检验结果”、“检测结果”填写应齐全且符合相应检验检测规则和检验检测机构要求，并与原始记录一致。',
        ],
        methods: ['资料'],
      },
      {
        no: 19,
        item: '报告更改',
        requirements: [
          '检验、检测报告更改应办理手续、且有标识。',
        ],
        methods: ['资料'],
      },
      {
        no: 20,
        item: '报告归档',
        requirements: [
          '检验、检测报告/证书的副本、原始记录、报验确认单、检验意见通知书、联络单等检验资料应及时归档，并按规定期限保存。',
        ],
        methods: ['资料', '现场'],
      },
      {
        no: 21,
        item: '检验现场抽查',
        requirements: [
          '抽查检验工作现场，应严格按照相关检验规范和本单位作业指导书实施检验工作。',
        ],
        methods: ['现场'],
      },
    ],
  },
  {
    category: '基础工作',
    indicator: '检验检测能力提升',
    points: 10,
    bonus: false,
    rows: [
      {
        no: 22,
        item: '科研投入',
        requirements: [
          '近4年内,特种设备相关科研和信息化投入符合安全技术规范要求。',
        ],
        methods: ['资料'],
      },
      {
        no: 23,
        item: '能力评价',
        requirements: [
          '近4年内,参与过由具有公正性地位的特种设备检验行业组织或者技术机构组织的检验能力评价与验证活动。',
        ],
        methods: ['资料'],
      },
      {
        no: 24,
        item: '人员培训',
        requirements: [
          '近4年内,人员培训的费用应当满足:检验与检测人员应当接受过不少于24学时/年的技术和质量管理知识培训;技术负责人、质量负责人、内部审核人员和其他从事质量管理的人员接受特种设备质量管理体系知识专门培训不少于16学时/年。',
        ],
        methods: ['资料'],
      },
      {
        no: 25,
        item: '岗位能力提升',
        requirements: [
          '机构内部开展类似“岗位练兵”活动,并通过该活动鼓励检验检测人员学习专业知识、争当检验能手,提高特种设备检验人员的检验能力和水平保障特种设备安全。',
        ],
        methods: ['资料'],
      },
    ],
  },
  {
    category: '基础工作',
    indicator: '履职能力',
    points: 18,
    bonus: false,
    rows: [
      {
        no: 26,
        item: '依法施检',
        requirements: [
          '作业指导书的内容应与国家法律、法规、规章、安全技术规范的要求相一致。',
          '相关法律、法规、规章、安全技术规范和技术标准有变化、更新的,应及时对相关作业指导书进行评审,组织作业指导书的制定或修订工作。',
        ],
        methods: ['资料'],
      },
      {
        no: 27,
        item: '技术支撑',
        requirements: [
          '参与特种设备事故及相关突发事件调查,参与和指导应急演练;',
          '配合特种设备安全监督管理部门进行相关的监督检查;',
          '根据特种设备安全监督管理部门需求,开展特种设备实务培训。',
        ],
        methods: ['资料'],
      },
      {
        no: 28,
        item: '安全保障',
        requirements: [
          '主动配合特种设备安全监督管理部门做好重大活动、重要时段、重点工程的特种设备安全保障工作，开展保障性检验。',
        ],
        methods: ['资料'],
      },
      {
        no: 29,
        item: '检验完成率',
        requirements: [
          '检验机构应依法按时完成检验责任范围内特种设备检验任务，确保定期检验率。',
        ],
        methods: ['资料'],
      },
      {
        no: 30,
        item: '检验工作安排及时性',
        requirements: [
          '应按规定时限及时安排实施检验检测工作。',
        ],
        methods: ['资料'],
      },
      {
        no: 31,
        item: '报告出具及时率',
        requirements: [
          '应在规定时限内，及时出具检验报告。',
        ],
        methods: ['资料'],
      },
      {
        no: 32,
        item: '事故隐患上报及时率',
        requirements: [
          '及时向市、区两级特种设备安全监督管理部门报告检验不合格或存在严重事故隐患的特种设备情况。',
        ],
        methods: ['资料'],
      },
      {
        no: 33,
        item: '信息化系统',
        requirements: [
          '应用管理信息系统对检验工作全过程进行管理，系统运行稳定高效；',
          '能按要求与监察动态监管信息系统进行数据交换；',
          '能按要求向政府提供特种设备检验数据。',
        ],
        methods: ['资料', '现场'],
      },
      {
        no: 34,
        item: '移动系统应用',
        requirements: [
          '在特种设备检验工作中积极推广移动检验系统（手持机）应用，现场及时完成检验信息录入和发现隐患报告。',
        ],
        methods: ['资料', '实物'],
      },
    ],
  },
  {
    category: '基础工作',
    indicator: '社会责任',
    points: 3,
    bonus: false,
    rows: [
      {
        no: 35,
        item: '信息公开',
        requirements: [
          '公开检验检测办事程序、收费标准、服务承诺, 接受社会监督。',
        ],
        methods: ['信息公开'],
      },
      {
        no: 36,
        item: '规范收费',
        requirements: [
          '严格执行相关检验收费标准, 无超标准收费、乱收费现象发生。',
        ],
        methods: ['资料'],
      },
      {
        no: 37,
        item: '公益性工作',
        requirements: [
          '积极组织和参加各类安全宣讲、公益讲座、志愿服务等特种设备安全宣传教育活动, 普及特种设备安全知识, 提高全民安全意识。',
        ],
        methods: ['资料'],
      },
    ],
  },
  {
    category: '基础工作',
    indicator: '行风建设',
    points: 7,
    bonus: false,
    rows: [
      {
        no: 38,
        item: '行风建设',
        requirements: [
          '认真落实行风建设各项要求, 进行教育和防控, 干部职工廉洁自律, 无违纪违法问题发生。',
        ],
        methods: ['资料'],
      },
      {
        no: 39,
        item: '投诉处理',
        requirements: [
          '应建立和保持处理投诉的程序, 明确对投诉的接收、确认、调查和处理职责, 并采取回避措施;',
          '应有投诉的接收、确认、调查处理、跟踪验证台账和记录。',
        ],
        methods: ['资料'],
      },
      {
        no: 40,
        item: '满意率测评',
        requirements: [
          '应建立顾客满意率测评机制, 定期开展顾客满意率测评。',
        ],
        methods: ['资料'],
      },
    ],
  },
  {
    category: '专项工作',
    indicator: '专项工作',
    points: 2,
    bonus: false,
    rows: [
      {
        no: 41,
        item: '',
        requirements: [
          '检验机构应根据上海市委市政府、各级特种设备安全监督管理部门重要文件、重点工作部署，积极履职，做好相关专项工作落实（每年根据实际情况确定）。',
        ],
        methods: ['资料'],
      },
    ],
  },
  {
    category: '创新特色',
    indicator: '创新特色',
    points: 5,
    bonus: true,
    rows: [
      {
        no: 42,
        item: '创新特色',
        requirements: [
          '在检验检测工作中有创新，属全国市场监管系统首创、上海市级行政管理部门首创、市领导、国家总局或市局领导批示上注明了要加以推广的、工作信息被中央媒体和市级媒体刊登宣传。获得国家级、省部级或市局、区级集体奖项或表彰的。',
        ],
        methods: ['资料'],
      },
    ],
  },
];

// Shared, module-level data: freeze it so no caller can edit the checklist in place.
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export const ATTACHMENT3_ITEMS: readonly Attachment3Item[] = deepFreeze(
  GROUPS.flatMap((g) =>
    g.rows.map(
      (r): Attachment3Item => ({
        no: r.no,
        category: g.category,
        indicator: g.indicator,
        points: g.points,
        bonus: g.bonus,
        item: r.item,
        requirements: r.requirements,
        methods: r.methods,
      }),
    ),
  ),
);

export const ATTACHMENT3_INDICATORS: readonly Attachment3Indicator[] = deepFreeze(
  GROUPS.map(
    (g): Attachment3Indicator => ({
      name: g.indicator,
      category: g.category,
      points: g.points,
      bonus: g.bonus,
      itemNos: g.rows.map((r) => r.no),
    }),
  ),
);

const BY_NO: ReadonlyMap<number, Attachment3Item> = new Map(
  ATTACHMENT3_ITEMS.map((i) => [i.no, i]),
);

export function attachment3Item(no: number): Attachment3Item | undefined {
  return BY_NO.get(no);
}

/**
 * How an item is named in messages and headings: its 二级指标, or the 一级指标 where the
 * notice gives no 二级指标 (item 41 「专项工作」).
 */
export function attachment3ItemLabel(item: Attachment3Item): string {
  return item.item === '' ? item.indicator : item.item;
}
