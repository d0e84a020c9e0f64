/**
 * The item rows a signed snapshot makes. Pure (no database), so the import's worker
 * thread rebuilds the working copy with it too (core/exchange/verify-3-faithful.ts).
 */
import type { ItemRow } from '../../db/repositories/scoring';

/** The part of a canonical snapshot the item rows come from. */
export interface SnapshotItems {
  inspection: { kind: string };
  signedAt: string;
  items: { no: number; clauses: unknown[]; score: number | null; notApplicable: boolean; problem: string; remark: string }[];
  exam: { no: number; result: string | null; problem: string }[] | null;
}

/** The item rows a signed snapshot makes, exactly as the working copy stores them. */
export function itemRowsOfSnapshot(inspectionId: string, snap: SnapshotItems): ItemRow[] {
  const at = snap.signedAt;
  return snap.inspection.kind === 'agency'
    ? snap.items.map((i) => ({ inspectionId, itemNo: i.no, clauses: JSON.stringify(i.clauses), score: i.score, notApplicable: i.notApplicable, problem: i.problem, remark: i.remark, updatedAt: at }))
    : (snap.exam ?? []).map((e) => ({ inspectionId, itemNo: e.no, clauses: JSON.stringify([e.result]), score: null, notApplicable: e.result === '不适用', problem: e.problem, remark: '', updatedAt: at }));
}
