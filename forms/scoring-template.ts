/**
 * Scoring templates: how many points each of the 42 checklist items is worth.
 *
 * The notice (沪市监特种〔2024〕317号 附件 3) fixes only the 一级指标 totals
 * (资源条件 10, 质量管理体系 20, … , 专项工作 2 = 100, plus 创新特色 5 as a bonus). It does
 * not split them over the 二级指标, so a bureau may load its own split as a JSON file;
 * DEFAULT_TEMPLATE is the split shipped with the app. Every template must reproduce the
 * notice's totals exactly, otherwise scores from different bureaus would not be comparable.
 *
 * Maxima are multiples of 0.5 because inspectors score in half points; the engine
 * (forms/scoring.ts) relies on that to do its arithmetic exactly in integer halves.
 */
import { z } from 'zod';
import {
  ATTACHMENT3_INDICATORS,
  ATTACHMENT3_ITEMS,
  attachment3Item,
  attachment3ItemLabel,
} from './attachment3';

export interface ScoringTemplate {
  id: string;
  version: string;
  name: string;
  isDefault: boolean;
  note?: string;
  /** All 42 items, each exactly once. */
  items: { no: number; max: number }[];
}

/**
 * Default allocation, by 一级指标. Weights follow how much each 二级指标 bears on
 * inspection quality and safety, and how many clauses it has to check:
 *  - 资源条件 10: people and equipment (3 clauses each) over premises (1 clause).
 *  - 质量管理体系 20: the large, safety-relevant systems (设备和设施管理 9 clauses, 内审,
 *    人员管理) weigh most; one-sentence items (质量目标, 检验检测方法) least.
 *  - 检验检测质量 30: 报告准确性 (wrong conclusions) and 检验现场抽查 (what actually happens on
 *    site) weigh most, then 报告完整性 (漏检/错检) and 人员资质; 报告更改 least.
 *  - 检验检测能力提升 10: 科研投入 slightly above the others.
 *  - 履职能力 18: 依法施检, 检验完成率 and 事故隐患上报及时率 (direct safety effect) 2.5 each.
 *  - 社会责任 3: evenly. 行风建设 7: integrity first, then complaints, then surveys.
 *  - 专项工作 2 and 创新特色 5 are single items and take the whole total.
 */
const DEFAULT_MAXIMA: Readonly<Record<number, number>> = {
  // 资源条件 (10)
  1: 4, // 人员
  2: 4, // 检验、检测设备
  3: 2, // 场地与设施
  // 质量管理体系 (20)
  4: 1.5, // 质量目标
  5: 2, // 文件控制
  6: 2.5, // 内审
  7: 2, // 管理评审
  8: 2.5, // 人员管理
  9: 3, // 设备和设施管理
  10: 1.5, // 外部服务控制
  11: 2, // 检验质量问题处理
  12: 2, // 质量监督
  13: 1, // 检验检测方法
  // 检验检测质量 (30)
  14: 4, // 人员资质
  15: 3.5, // 报告符合性
  16: 5, // 报告准确性
  17: 4.5, // 报告完整性
  18: 3.5, // 报告一致性
  19: 2, // 报告更改
  20: 2.5, // 报告归档
  21: 5, // 检验现场抽查
  // 检验检测能力提升 (10)
  22: 3, // 科研投入
  23: 2.5, // 能力评价
  24: 2.5, // 人员培训
  25: 2, // 岗位能力提升
  // 履职能力 (18)
  26: 2.5, // 依法施检
  27: 2, // 技术支撑
  28: 1.5, // 安全保障
  29: 2.5, // 检验完成率
  30: 2, // 检验工作安排及时性
  31: 2, // 报告出具及时率
  32: 2.5, // 事故隐患上报及时率
  33: 1.5, // 信息化系统
  34: 1.5, // 移动系统应用
  // 社会责任 (3)
  35: 1, // 信息公开
  36: 1, // 规范收费
  37: 1, // 公益性工作
  // 行风建设 (7)
  38: 3, // 行风建设
  39: 2.5, // 投诉处理
  40: 1.5, // 满意率测评
  // 专项工作 (2)
  41: 2,
  // 创新特色 (5, 加分)
  42: 5,
};

// Frozen because it is a shared module-level value: a caller editing it in place would
// silently change every inspection's scoring.
export const DEFAULT_TEMPLATE: ScoringTemplate = {
  id: 'sh-2024-317-default',
  version: '2024.1',
  name: '沪市监特种〔2024〕317号 附件 3 默认评分模板',
  isDefault: true,
  note: '通知仅规定一级指标分值，二级指标满分为本工具的默认分配，可由监管部门加载自定义模板替换。',
  items: ATTACHMENT3_ITEMS.map((i) => Object.freeze({ no: i.no, max: DEFAULT_MAXIMA[i.no] ?? 0 })),
};
Object.freeze(DEFAULT_TEMPLATE.items);
Object.freeze(DEFAULT_TEMPLATE);

const ITEM_COUNT = ATTACHMENT3_ITEMS.length;

/** "5" not "5.0"; sums of halves are exact, so no float noise to hide. */
const fmt = (n: number): string => String(n);

const isHalfMultiple = (n: number): boolean => Number.isInteger(n * 2);

function itemName(no: number): string {
  const item = attachment3Item(no);
  return item ? `第 ${no} 项「${attachment3ItemLabel(item)}」` : `第 ${no} 项`;
}

/** zod's default messages are English; every message a bureau sees must be Chinese. */
const typeError =
  (field: string, expected: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? `缺少${field}` : `${field}应为${expected}`;

const nonEmpty = (field: string) =>
  z
    .string({ error: typeError(field, '文字') })
    .trim()
    .min(1, { error: `${field}不能为空` });

const noRange = `项目序号应为 1 到 ${ITEM_COUNT} 的整数`;
const itemSchema = z.object(
  {
    no: z
      .number({ error: typeError('项目序号（no）', '数字') })
      .int({ error: (iss) => `${noRange}，文件中为 ${String(iss.input)}` })
      .min(1, { error: (iss) => `${noRange}，文件中为 ${String(iss.input)}` })
      .max(ITEM_COUNT, { error: (iss) => `${noRange}，文件中为 ${String(iss.input)}` }),
    // Range checks on max are done in superRefine so the message can name the item.
    max: z.number({ error: typeError('满分（max）', '数字') }),
  },
  { error: '每个项目应为形如 {"no": 1, "max": 4} 的对象' },
);

/**
 * Schema for a template JSON file a bureau loads. Shape errors come from zod; the
 * cross-item rules (each item once, per-indicator totals) from the superRefine below.
 * Unknown keys are stripped rather than rejected so a file may carry its own metadata.
 */
export const scoringTemplateSchema = z
  .object(
    {
      id: nonEmpty('模板编号（id）'),
      version: nonEmpty('模板版本（version）'),
      name: nonEmpty('模板名称（name）'),
      isDefault: z.boolean({ error: '是否默认（isDefault）应为 true 或 false' }).default(false),
      note: z.string({ error: '备注（note）应为文字' }).optional(),
      items: z.array(itemSchema, {
        error: typeError('项目满分列表（items）', `包含 ${ITEM_COUNT} 个项目的数组`),
      }),
    },
    { error: '模板文件内容应为 JSON 对象' },
  )
  .superRefine((t, ctx) => {
    const seen = new Map<number, number>(); // no → index of first occurrence
    const validMax = new Map<number, number>(); // no → max, only if the max itself is valid

    t.items.forEach((entry, index) => {
      const name = itemName(entry.no);
      if (seen.has(entry.no)) {
        ctx.addIssue({
          code: 'custom',
          path: ['items', index, 'no'],
          message: `${name}重复出现（另见 items[${seen.get(entry.no)}]），每项只能设置一次`,
        });
        return;
      }
      seen.set(entry.no, index);

      const item = attachment3Item(entry.no);
      const max = entry.max;
      if (item?.bonus) {
        if (max !== item.points) {
          ctx.addIssue({
            code: 'custom',
            path: ['items', index, 'max'],
            message: `${name}为加分项，满分应为 ${fmt(item.points)} 分，模板中为 ${fmt(max)} 分`,
          });
          return;
        }
      } else if (!Number.isFinite(max) || max <= 0 || !isHalfMultiple(max)) {
        ctx.addIssue({
          code: 'custom',
          path: ['items', index, 'max'],
          message: `${name}的满分应大于 0 且为 0.5 的整数倍（如 1、1.5、2），模板中为 ${fmt(max)}`,
        });
        return;
      }
      validMax.set(entry.no, max);
    });

    for (const item of ATTACHMENT3_ITEMS) {
      if (!seen.has(item.no)) {
        ctx.addIssue({
          code: 'custom',
          path: ['items'],
          message: `缺少${itemName(item.no)}的满分设置，模板须包含全部 ${ITEM_COUNT} 项`,
        });
      }
    }

    for (const ind of ATTACHMENT3_INDICATORS) {
      // The bonus item already has its own, more specific message above.
      if (ind.bonus) continue;
      // Only compare totals when every item of the indicator is present and valid;
      // otherwise the item-level message is the useful one and a sum would mislead.
      if (!ind.itemNos.every((no) => validMax.has(no))) continue;
      const halves = ind.itemNos.reduce((s, no) => s + (validMax.get(no) ?? 0) * 2, 0);
      if (halves !== ind.points * 2) {
        ctx.addIssue({
          code: 'custom',
          path: ['items'],
          message: `一级指标「${ind.name}」各项满分合计应为 ${fmt(ind.points)} 分，模板中为 ${fmt(halves / 2)} 分`,
        });
      }
    }
  });

export type ParseTemplateResult =
  | { ok: true; template: ScoringTemplate }
  | { ok: false; errors: { path: string; message: string }[] };

/**
 * Shape errors inside items[i] come from zod, which cannot see the sibling "no"; prefix
 * them with the item they belong to so the bureau knows which row of its file to fix.
 * Custom issues (from superRefine) already name their item and are left alone.
 */
function withItemContext(input: unknown, issue: z.core.$ZodIssue): string {
  const [head, index] = issue.path;
  if (issue.code === 'custom' || head !== 'items' || typeof index !== 'number') {
    return issue.message;
  }
  const items =
    typeof input === 'object' && input !== null && 'items' in input ? input.items : undefined;
  const entry: unknown = Array.isArray(items) ? items[index] : undefined;
  const no = typeof entry === 'object' && entry !== null && 'no' in entry ? entry.no : undefined;
  const where =
    typeof no === 'number' && attachment3Item(no) ? itemName(no) : `items 中第 ${index + 1} 条`;
  return `${where}：${issue.message}`;
}

/** Parses and validates a loaded template; items are returned sorted by 序号. */
export function parseScoringTemplate(input: unknown): ParseTemplateResult {
  const result = scoringTemplateSchema.safeParse(input);
  if (!result.success) {
    return {
      ok: false,
      errors: result.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: withItemContext(input, issue),
      })),
    };
  }
  const t = result.data;
  const template: ScoringTemplate = {
    id: t.id,
    version: t.version,
    name: t.name,
    isDefault: t.isDefault,
    items: [...t.items].sort((a, b) => a.no - b.no).map((i) => ({ no: i.no, max: i.max })),
  };
  if (t.note !== undefined) template.note = t.note;
  return { ok: true, template };
}
