/**
 * 附件4 （二）存在问题的特种设备检验检测机构和考试机构清单: one row per agency or 考试机构 with
 * a problem the report counts — a finding on an inspection it counts, or a 真实执业/学历/职称
 * problem or a shortfall in 人员资源条件 on the checklist it counts — with 存在问题说明 and
 * 整改情况说明 composed from those records. The bureau may rewrite both texts before 报送;
 * what is composed here is the starting text. Pure.
 */
import {
  countedInspections,
  hasPersonnelProblem,
  inUnitJurisdiction,
  pickChecklists,
  rectifiedBy,
  type A4Inspection,
  type A4Person,
  type A4Records,
  type Attachment4Period,
} from './attachment4-figures';
import type { InspectingUnit } from './districts';

export interface Attachment4ProblemRow {
  agencyId: string;
  unitName: string;
  problem: string;
  rectification: string;
}

const withNote = (note: string) => (note.trim() ? `：${note.trim()}` : '');

/** Numbered lines, the way such a cell is written by hand: 1. …  2. … */
function numbered(lines: readonly string[]): string {
  if (lines.length === 1) return lines[0] ?? '';
  return lines.map((l, i) => `${i + 1}. ${l}`).join('\n');
}

function findingLines(inspections: readonly A4Inspection[], period: Attachment4Period): { problem: string[]; rectification: string[] } {
  const problem: string[] = [];
  const rectification: string[] = [];
  for (const i of [...inspections].sort((a, b) => a.inspectedOn.localeCompare(b.inspectedOn) || a.id.localeCompare(b.id))) {
    for (const f of i.findings) {
      const measures = [f.directiveNo.trim() && `下达安全监察指令书 ${f.directiveNo.trim()}`, f.caseNo.trim() && `立案处罚 ${f.caseNo.trim()}`].filter(Boolean);
      problem.push(`${i.inspectedOn} 检查发现（${f.severity}）：${f.description.trim()}${measures.length ? `；${measures.join('，')}` : ''}`);
      const note = f.rectification.trim();
      if (f.closedOn && rectifiedBy(f.closedOn, period)) rectification.push(`${f.description.trim()}：已于 ${f.closedOn} 整改完成${note ? `，${note}` : ''}`);
      else rectification.push(`${f.description.trim()}：${note ? `${note}（整改中）` : '尚未整改'}`);
    }
  }
  return { problem, rectification };
}

export function composeProblemList(records: A4Records, unit: InspectingUnit, period: Attachment4Period): Attachment4ProblemRow[] {
  const agencies = new Map(records.agencies.map((a) => [a.id, a]));
  const picked = pickChecklists(
    records.checklists.filter((c) => {
      const a = agencies.get(c.agencyId);
      return a !== undefined && inUnitJurisdiction(unit, a);
    }),
    period,
  );
  const byAgency = new Map<string, A4Inspection[]>();
  for (const i of countedInspections(records, unit, period)) {
    if (i.findings.length === 0) continue;
    byAgency.set(i.agencyId, [...(byAgency.get(i.agencyId) ?? []), i]);
  }
  const ids = new Set([...byAgency.keys()]);
  for (const c of picked.values()) if (c.meetsRequirements === '否' || c.persons.some(hasPersonnelProblem)) ids.add(c.agencyId);

  const rows: Attachment4ProblemRow[] = [];
  for (const id of ids) {
    const agency = agencies.get(id);
    const { problem, rectification } = findingLines(byAgency.get(id) ?? [], period);
    const c = picked.get(id);
    if (c) {
      const persons = c.persons;
      const n = (pick: (p: A4Person) => boolean) => persons.filter(pick).length;
      const parts = [
        ['真实执业', n((p) => p.practising === '否')],
        ['学历', n((p) => p.education === '否')],
        ['职称', n((p) => p.title === '否')],
      ]
        .filter(([, k]) => (k as number) > 0)
        .map(([what, k]) => `${what}存在问题 ${k} 人`);
      if (parts.length > 0) {
        problem.push(`人员排查（填报日期 ${c.filledOn}）：${parts.join('，')}`);
        rectification.push(
          rectifiedBy(c.personnelRectifiedOn, period)
            ? `人员问题已于 ${c.personnelRectifiedOn} 整改完成${withNote(c.personnelRectifiedNote)}`
            : `人员问题尚未整改完成${withNote(c.personnelRectifiedNote)}`,
        );
      }
      if (c.meetsRequirements === '否') {
        problem.push('人员资源条件不满足《核准规则》规定');
        rectification.push(
          rectifiedBy(c.resourceRectifiedOn, period)
            ? `人员资源条件已于 ${c.resourceRectifiedOn} 整改完成${withNote(c.resourceRectifiedNote)}`
            : `人员资源条件尚未整改完成${withNote(c.resourceRectifiedNote)}`,
        );
      }
    }
    rows.push({ agencyId: id, unitName: agency?.name ?? '（机构已删除）', problem: numbered(problem), rectification: numbered(rectification) });
  }
  return rows.sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh-Hans-CN') || a.agencyId.localeCompare(b.agencyId));
}
