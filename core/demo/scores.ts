/**
 * Demo 附件3 scores for `ducha demo seed`, so a first look shows every state of the
 * checklist: one inspection fully scored (completed), one half done, one with two items
 * 不适用 and findings. Written through the dispatcher like typed data. An inspection
 * whose checklist anyone has touched is left alone, so running the seed again (or after
 * an inspector started work) changes nothing.
 */
import type { App } from '../app';
import type { InputOf, OutputOf } from '../contract';
import { AppError } from '../../lib/errors';
import { ATTACHMENT3_ITEMS } from '../../forms/attachment3';
import { suggestScore, type ClauseResult } from '../../forms/scoring';

interface Finding {
  /** Index of the clause found 不符合. */
  clause: number;
  problem: string;
}

/** Realistic findings, keyed by item 序号. */
const FINDINGS: Record<number, Finding> = {
  1: { clause: 1, problem: '2 名检验人员社保缴纳单位与执业单位不一致，未能说明原因。' },
  9: { clause: 3, problem: '1 台超声波测厚仪检定证书已于上月过期，仍在现场使用。' },
  16: { clause: 0, problem: '抽查 20 份电梯定期检验报告，1 份制动试验结论与原始记录不符。' },
  20: { clause: 0, problem: '2023 年第四季度部分原始记录未按规定归档。' },
  31: { clause: 0, problem: '抽查期间有 3 份报告超过规定时限出具。' },
};

type Plan = { kind: 'full' } | { kind: 'partial'; upTo: number } | { kind: 'withNotApplicable'; upTo: number; notApplicable: number[] };

/** Which demo agency's inspection gets which state (names from core/demo/seed.ts). */
const PLANS: { agencyName: string; plan: Plan }[] = [
  { agencyName: '上海市特种设备监督检验技术研究院', plan: { kind: 'full' } },
  { agencyName: '上海市闵行区特种设备监督检验所', plan: { kind: 'partial', upTo: 15 } },
  // A 检测机构: the 检验机构-only duties (检验完成率, 手持机 in 检验) do not apply.
  { agencyName: '上海浦江电梯检测技术有限公司', plan: { kind: 'withNotApplicable', upTo: 24, notApplicable: [29, 34] } },
];

async function call<M extends 'inspections/list' | 'inspections/get' | 'inspections/saveItem'>(
  app: App,
  method: M,
  input: InputOf<M>,
): Promise<OutputOf<M>> {
  const r = await app.dispatch(method, input);
  if (!r.ok) throw new AppError('INTERNAL', `演示评分写入失败：${r.error.message}`);
  return r.value as OutputOf<M>;
}

export function itemInput(inspectionId: string, no: number, max: number): InputOf<'inspections/saveItem'> {
  const def = ATTACHMENT3_ITEMS.find((i) => i.no === no);
  const finding = FINDINGS[no];
  const clauses: ClauseResult[] = (def?.requirements ?? []).map((_, i) => (finding?.clause === i ? '不符合' : '符合'));
  if (no === 42) {
    // 创新特色 is a judgement, not a sum of clauses: a partial bonus with the reason noted.
    return { inspectionId, no, clauses, score: 3, remark: '电梯检验远程视频见证，已在区内推广，尚未达到市级首创。' };
  }
  return {
    inspectionId,
    no,
    clauses,
    score: suggestScore(max, clauses) ?? max,
    ...(finding ? { problem: finding.problem } : {}),
  };
}

/** Scores the demo inspections that nobody has touched yet; returns how many it scored. */
export async function seedDemoScores(app: App): Promise<number> {
  const inspections = await call(app, 'inspections/list', {});
  let scored = 0;
  for (const { agencyName, plan } of PLANS) {
    // The agency's first inspection is the one demo.ts created.
    const target = inspections
      .filter((i) => i.agencyName === agencyName && i.kind === 'agency' && i.status === 'draft')
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
    if (!target) continue;
    const detail = await call(app, 'inspections/get', { id: target.id });
    if (detail.items.some((i) => i.updatedAt !== null)) continue;

    for (const item of detail.items) {
      if (plan.kind === 'withNotApplicable' && plan.notApplicable.includes(item.no)) {
        await call(app, 'inspections/saveItem', {
          inspectionId: target.id,
          no: item.no,
          notApplicable: true,
          remark: '该机构为检测机构，本项针对检验机构，不适用。',
        });
        continue;
      }
      if (plan.kind !== 'full' && item.no > plan.upTo) continue;
      await call(app, 'inspections/saveItem', itemInput(target.id, item.no, item.max));
    }
    scored += 1;
  }
  return scored;
}
