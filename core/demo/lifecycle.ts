/**
 * Demo records past the draft stage, so a first look shows every state of the
 * lifecycle: one inspection signed (with a 严重事故隐患 and its follow-up), one
 * signed and submitted, and the exam centre's check filled in. Everything goes
 * through the dispatcher; inspections anyone has started are left alone.
 */
import type { App } from '../app';
import type { InputOf, MethodName, OutputOf } from '../contract';
import { AppError } from '../../lib/errors';
import { DEFAULT_TEMPLATE } from '../../forms/scoring-template';
import { itemInput } from './scores';
import { demoSignaturePng } from './signature';

async function call<M extends MethodName>(app: App, method: M, input: InputOf<M>): Promise<OutputOf<M>> {
  const r = await app.dispatch(method, input);
  if (!r.ok) throw new AppError('INTERNAL', `演示数据写入失败：${r.error.message}`);
  return r.value as OutputOf<M>;
}

const PLANS = [
  {
    agencyName: '上海临港起重机械型式试验中心有限公司',
    submit: false,
    finding: {
      itemNo: 21,
      description: '现场抽查 1 台塔式起重机型式试验，安全装置试验项目漏项，试验报告已出具。',
      severity: '严重事故隐患' as const,
      notifiedOn: true,
      reportedOn: true,
      directiveNo: '沪市监特令〔2026〕031号',
    },
    representative: { name: '钱勇', detail: '技术负责人' },
  },
  {
    agencyName: '上海申𠮷无损检测有限公司',
    submit: true,
    finding: {
      itemNo: 24,
      description: '2025 年度 3 名检测人员技术培训不足 24 学时。',
      severity: '一般问题' as const,
      notifiedOn: false,
      reportedOn: false,
      directiveNo: '',
    },
    representative: { name: '孙丽', detail: '质量负责人' },
  },
];

export async function seedDemoLifecycle(app: App, today: string, dueOn: string): Promise<number> {
  const all = await call(app, 'inspections/list', {});
  let done = 0;
  for (const plan of PLANS) {
    const inspection = all.find((i) => i.agencyName === plan.agencyName && i.status === 'draft' && (i.scoredCount ?? 0) === 0);
    if (!inspection) continue;
    const id = inspection.id;
    for (const { no, max } of DEFAULT_TEMPLATE.items) await call(app, 'inspections/saveItem', itemInput(id, no, max));
    await call(app, 'findings/save', {
      inspectionId: id,
      itemNo: plan.finding.itemNo,
      description: plan.finding.description,
      severity: plan.finding.severity,
      notifiedOn: plan.finding.notifiedOn ? today : null,
      reportedOn: plan.finding.reportedOn ? today : null,
      directiveNo: plan.finding.directiveNo,
      directiveOn: plan.finding.directiveNo ? today : null,
      dueOn,
    });
    let seed = 1;
    for (const p of inspection.inspectors) {
      await call(app, 'signatures/add', {
        inspectionId: id,
        role: 'inspector',
        signerName: p.name,
        signerDetail: p.badgeNo,
        pngBase64: demoSignaturePng(seed++).toString('base64'),
      });
    }
    await call(app, 'signatures/add', {
      inspectionId: id,
      role: 'agency',
      signerName: plan.representative.name,
      signerDetail: plan.representative.detail,
      pngBase64: demoSignaturePng(seed).toString('base64'),
    });
    await call(app, 'inspections/sign', { id });
    if (plan.submit) await call(app, 'inspections/submit', { id });
    done += 1;
  }
  const exam = all.find((i) => i.kind === 'exam' && i.status === 'draft');
  if (exam) {
    const sheet = await call(app, 'exam/get', { id: exam.id });
    if (sheet.items.every((i) => i.result === null)) {
      await call(app, 'exam/save', { inspectionId: exam.id, no: 1, result: '符合' });
      await call(app, 'exam/save', {
        inspectionId: exam.id,
        no: 2,
        result: '不符合',
        problem: '抽查 2 个考场，1 个考场监考人员未按规定核验考生身份证件。',
      });
      await call(app, 'exam/save', { inspectionId: exam.id, no: 3, result: '符合' });
      done += 1;
    }
  }
  return done;
}
