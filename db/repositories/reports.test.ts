import path from 'node:path';
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ATTACHMENT3_INDICATORS } from '../../forms/attachment3';
import type { Attachment4Counts } from '../../forms/attachment4';
import { computeAttachment4, type A4Agency, type A4Checklist, type A4Inspection, type A4Records } from '../../forms/attachment4-figures';
import { composeProblemList } from '../../forms/attachment4-problems';
import { openStore, type Store } from '../open';
import { tempDir } from '../../test/support/temp-app';
import { writeAgency, writeChecklist, writeInspection, writeSelfChecks } from '../../test/support/report-records';
import {
  attachment4Counts,
  attachment4Trace,
  countsByDistrict,
  indicatorSums,
  itemIndicators,
  problemListRecords,
  traceFindings,
  traceInspections,
  tracePersons,
} from './reports';

const H1 = { from: '2026-01-01', to: '2026-07-26' };

const person = (id: string, p: Partial<A4Checklist['persons'][number]> = {}) => ({
  id,
  practising: '是' as const,
  education: '是' as const,
  title: '是' as const,
  disclosureCancelled: false,
  qualificationRevoked: false,
  ...p,
});
const checklist = (c: Partial<A4Checklist> & Pick<A4Checklist, 'agencyId' | 'filledOn' | 'current' | 'persons'>): A4Checklist => ({
  meetsRequirements: '是',
  resourceRectifiedOn: '',
  resourceRectifiedNote: '',
  personnelRectifiedOn: '',
  personnelRectifiedNote: '',
  ...c,
});
const finding = (id: string, severity: A4Inspection['findings'][number]['severity'], more: { directiveNo?: string; caseNo?: string } = {}) => ({
  id,
  severity,
  description: `问题${id}`,
  directiveNo: more.directiveNo ?? '',
  caseNo: more.caseNo ?? '',
  rectification: '',
  closedOn: null,
});

const agencies: A4Agency[] = [
  { id: 'A1', name: '浦东甲检测', district: '浦东新区', kind: '检测机构' },
  { id: 'A2', name: '浦东乙检验', district: '浦东新区', kind: '检验机构' },
  { id: 'A3', name: '浦东丙检测', district: '浦东新区', kind: '检测机构' },
  { id: 'A4', name: '黄浦丁检验', district: '黄浦区', kind: '检验机构' },
  { id: 'E1', name: '浦东考试中心', district: '浦东新区', kind: '考试机构' },
];

const checklists: A4Checklist[] = [
  // A1 filed twice in the period: the 06-15 checklist counts, the 03-01 one does not.
  checklist({ agencyId: 'A1', filledOn: '2026-03-01', current: false, persons: [person('P1', { practising: '否' }), person('P2', { title: '否' })] }),
  checklist({
    agencyId: 'A1',
    filledOn: '2026-06-15',
    current: true,
    meetsRequirements: '否',
    resourceRectifiedOn: '2026-07-01',
    persons: [
      person('P1', { practising: '否', disclosureCancelled: true }),
      person('P3', { education: '否', qualificationRevoked: true }),
      person('P4'),
      // 已取消执业公示 without a 真实执业 problem: not counted as 已取消执业公示.
      person('P5', { disclosureCancelled: true }),
    ],
  }),
  // A2's current checklist is filed after the period: the one it replaced (02-10) counts.
  checklist({ agencyId: 'A2', filledOn: '2026-09-01', current: true, persons: [person('Q9', { practising: '否' })] }),
  checklist({
    agencyId: 'A2',
    filledOn: '2026-02-10',
    current: false,
    personnelRectifiedOn: '2026-05-01',
    persons: [person('Q1', { title: '否', qualificationRevoked: true }), person('Q2', { education: '否' })],
  }),
  checklist({ agencyId: 'A4', filledOn: '2026-05-05', current: true, persons: [person('R1', { practising: '否' })] }),
];

// A3 has no checklist, but reviewed its 附件1 self-check in the period.
const selfChecks = [{ agencyId: 'A3', reviewedOn: '2026-04-02' }];

const base = { spotCheck: false, findings: [] as A4Inspection['findings'] };
const inspections: { record: A4Inspection; earlier?: Omit<A4Inspection, 'id' | 'agencyId'>[]; draft?: boolean }[] = [
  {
    record: {
      ...base,
      id: 'I1',
      agencyId: 'A1',
      kind: 'agency',
      inspectedOn: '2026-05-10',
      inspectingUnit: '浦东新区',
      spotCheck: true,
      findings: [finding('F1', '违法违规行为', { directiveNo: 'ZL-2026-001' }), finding('F2', '一般问题')],
    },
  },
  { record: { ...base, id: 'I2', agencyId: 'A1', kind: 'agency', inspectedOn: '2026-06-20', inspectingUnit: '浦东新区', findings: [finding('F3', '严重事故隐患', { caseNo: 'AJ-9' })] } },
  { record: { ...base, id: 'I3', agencyId: 'A2', kind: 'agency', inspectedOn: '2026-03-03', inspectingUnit: '市局', spotCheck: true, findings: [finding('F4', '违法违规行为')] } },
  { record: { ...base, id: 'I4', agencyId: 'A4', kind: 'agency', inspectedOn: '2026-04-04', inspectingUnit: '黄浦区' } },
  { record: { ...base, id: 'I5', agencyId: 'A4', kind: 'agency', inspectedOn: '2026-04-05', inspectingUnit: '市局' } },
  // Amended out of the period (07-01 → 08-01): not counted.
  {
    record: { ...base, id: 'I6', agencyId: 'A2', kind: 'agency', inspectedOn: '2026-08-01', inspectingUnit: '浦东新区', findings: [finding('F7', '违法违规行为')] },
    earlier: [{ ...base, kind: 'agency', inspectedOn: '2026-07-01', inspectingUnit: '浦东新区', findings: [finding('F7', '违法违规行为')] }],
  },
  // Amended into the period (08-05 → 07-20): counted, with the findings of its latest revision.
  {
    record: { ...base, id: 'I7', agencyId: 'A3', kind: 'agency', inspectedOn: '2026-07-20', inspectingUnit: '浦东新区', findings: [finding('F5', '一般问题')] },
    earlier: [{ ...base, kind: 'agency', inspectedOn: '2026-08-05', inspectingUnit: '浦东新区', findings: [finding('F8', '违法违规行为', { directiveNo: 'X' })] }],
  },
  // A draft never counts, whatever it says.
  {
    record: { ...base, id: 'I8', agencyId: 'A3', kind: 'agency', inspectedOn: '2026-05-01', inspectingUnit: '浦东新区', findings: [finding('F9', '违法违规行为', { caseNo: 'D' })] },
    draft: true,
  },
  { record: { ...base, id: 'I9', agencyId: 'E1', kind: 'exam', inspectedOn: '2026-06-01', inspectingUnit: '浦东新区', findings: [finding('F6', '违法违规行为', { directiveNo: 'ZL-2026-002' })] } },
];

/** What the pure definition sees: each inspection as its latest signed revision; no drafts. */
const records: A4Records = {
  agencies,
  checklists,
  selfChecks,
  inspections: inspections.filter((i) => !i.draft).map((i) => i.record),
};

let dir: string;
let store: Store;
beforeEach(() => {
  dir = tempDir('ducha-report-');
  store = openStore(path.join(dir, 'db.sqlite'));
  const db = store.sqlite;
  db.transaction(() => {
    for (const a of agencies) writeAgency(db, a);
    for (const c of checklists) writeChecklist(db, c);
    writeSelfChecks(db, selfChecks);
    for (const i of inspections) writeInspection(db, i.record, { earlier: i.earlier, draft: i.draft });
  })();
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('附件4 figures on a dataset worked out by hand', () => {
  it('浦东新区, first report (2026-01-01 … 07-26)', () => {
    const expected: Attachment4Counts = {
      selfCheckAgencies: 3, // A1 (06-15 checklist), A2 (02-10 checklist), A3 (附件1 review 04-02)
      personnelChecked: 6, // A1's 06-15 roster P1 P3 P4 P5 + A2's 02-10 roster Q1 Q2
      practisingProblems: 1, // P1 (Q9 is on A2's checklist filed after the period)
      disclosureCancelled: 1, // P1; P5's 已取消执业公示 is not a 真实执业 problem
      educationProblems: 2, // P3, Q2
      educationRevoked: 1, // P3
      titleProblems: 1, // Q1 (P2 was on A1's replaced 03-01 checklist)
      titleRevoked: 1, // Q1
      resourceShortAgencies: 1, // A1
      resourceShortRectified: 1, // A1, 整改完成 07-01 ≤ 07-26
      personnelProblemAgencies: 2, // A1 (P1, P3), A2 (Q1, Q2)
      personnelProblemRectified: 1, // A2 (05-01); A1's is still open
      inspectedAgencies: 2, // A1 (I1, I2 count once), A3 (I7 amended into the period); I3 is 市局's, I4 黄浦区's, I6 amended out, I8 a draft
      spotCheckAgencies: 1, // A1 (I1)
      violationAgencies: 1, // A1 (F1, F3); F6 is a 考试机构's
      directives: 2, // F1, F6 (F8 was on I7's replaced revision)
      penalties: 1, // F3 (F9 is on a draft)
      examInstitutionsInspected: 1, // E1
    };
    const scope = { unit: '浦东新区' as const, ...H1 };
    expect(attachment4Counts(store.db, scope)).toEqual(expected);
    expect(computeAttachment4(records, '浦东新区', H1).counts).toEqual(expected);
    const trace = attachment4Trace(store.db, scope);
    expect(trace).toEqual(computeAttachment4(records, '浦东新区', H1).trace);
    expect(trace.selfCheckAgencies).toEqual(['A1', 'A2', 'A3']);
    expect(trace.inspectedAgencies).toEqual(['I1', 'I2', 'I7']);
    expect(trace.directives).toEqual(['F1', 'F6']);
    expect(trace.disclosureCancelled).toEqual(['P1']);
  });

  it('市局 over the whole city counts an agency inspected by two units once', () => {
    const expected: Attachment4Counts = {
      selfCheckAgencies: 4, // A1, A2, A3, A4
      personnelChecked: 7, // 6 as in 浦东新区 + R1
      practisingProblems: 2, // P1, R1
      disclosureCancelled: 1, // P1
      educationProblems: 2, // P3, Q2
      educationRevoked: 1, // P3
      titleProblems: 1, // Q1
      titleRevoked: 1, // Q1
      resourceShortAgencies: 1, // A1
      resourceShortRectified: 1, // A1
      personnelProblemAgencies: 3, // A1, A2, A4
      personnelProblemRectified: 1, // A2
      inspectedAgencies: 4, // A1, A2 (I3), A3, A4 (I4 by 黄浦区 and I5 by 市局: once)
      spotCheckAgencies: 2, // A1 (I1), A2 (I3)
      violationAgencies: 2, // A1, A2 (F4)
      directives: 2, // F1, F6
      penalties: 1, // F3
      examInstitutionsInspected: 1, // E1
    };
    expect(attachment4Counts(store.db, { unit: '市局', ...H1 })).toEqual(expected);
    expect(computeAttachment4(records, '市局', H1).counts).toEqual(expected);
  });

  it('黄浦区 counts its own agency and its own inspection, not 市局’s of the same agency', () => {
    const counts = attachment4Counts(store.db, { unit: '黄浦区', ...H1 });
    expect(counts).toMatchObject({ selfCheckAgencies: 1, personnelChecked: 1, practisingProblems: 1, personnelProblemAgencies: 1, inspectedAgencies: 1 });
    expect(attachment4Trace(store.db, { unit: '黄浦区', ...H1 }).inspectedAgencies).toEqual(['I4']);
  });

  it('the second report (07-27 … 11-15) counts what moved out of the first', () => {
    const counts = attachment4Counts(store.db, { unit: '浦东新区', from: '2026-07-27', to: '2026-11-15' });
    // A2's 09-01 checklist (Q9), I6 amended to 08-01 with F7.
    expect(counts).toMatchObject({ selfCheckAgencies: 1, personnelChecked: 1, practisingProblems: 1, inspectedAgencies: 1, violationAgencies: 1 });
  });

  it('lists the records behind a number with names, and the 清单 from the same records', () => {
    const scope = { unit: '浦东新区' as const, ...H1 };
    expect(tracePersons(store.db, scope, 'educationProblems').map((p) => [p.personId, p.agencyName, p.filledOn])).toEqual([
      ['Q2', '浦东乙检验', '2026-02-10'],
      ['P3', '浦东甲检测', '2026-06-15'],
    ].sort((a, b) => (a[1] as string).localeCompare(b[1] as string)));
    expect(traceInspections(store.db, scope, 'inspectedAgencies').map((i) => i.inspectionId).sort()).toEqual(['I1', 'I2', 'I7']);
    expect(traceFindings(store.db, scope, 'penalties')).toMatchObject([{ findingId: 'F3', caseNo: 'AJ-9', agencyName: '浦东甲检测' }]);

    const listed = problemListRecords(store.db, scope);
    expect(listed.agencies.map((a) => a.id).sort()).toEqual(['A1', 'A2', 'A3', 'E1']);
    const fromDb = composeProblemList(listed, '浦东新区', H1);
    expect(fromDb).toEqual(composeProblemList(records, '浦东新区', H1));
    const a1 = fromDb.find((r) => r.agencyId === 'A1');
    expect(a1?.problem).toContain('2026-05-10 检查发现（违法违规行为）：问题F1；下达安全监察指令书 ZL-2026-001');
    expect(a1?.problem).toContain('真实执业存在问题 1 人，学历存在问题 1 人');
    expect(a1?.problem).toContain('人员资源条件不满足《核准规则》规定');
    expect(a1?.rectification).toContain('人员资源条件已于 2026-07-01 整改完成');
    expect(a1?.rectification).toContain('问题F3：尚未整改');
  });

  it('charts read the counted inspections only', () => {
    expect(countsByDistrict(store.db, { unit: '市局', ...H1 }).find((d) => d.district === '浦东新区')).toEqual({
      district: '浦东新区',
      inspectedAgencies: 3, // A1, A2 (I3 by 市局), A3
      violationAgencies: 2, // A1, A2
    });
    expect(indicatorSums(store.db, { unit: '浦东新区', ...H1 })).toEqual([]);
  });

  it('the migration’s item → 一级指标 map is forms/attachment3.ts’s', () => {
    const expected = ATTACHMENT3_INDICATORS.flatMap((g, indicator) => g.itemNos.map((itemNo) => ({ itemNo, indicator }))).sort((a, b) => a.itemNo - b.itemNo);
    expect(itemIndicators(store.db)).toEqual(expected);
  });
});
