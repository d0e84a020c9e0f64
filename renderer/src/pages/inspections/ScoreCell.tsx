import type { InspectionSummary } from '../../../../core/contract/inspections';

/** 得分 in the inspections list: the total, with progress while the sheet is unfinished. */
export function ScoreCell({ inspection: i }: { inspection: InspectionSummary }) {
  if (i.total === null || i.scoredCount === null) return <span style={{ color: 'rgba(0,0,0,0.45)' }}>—</span>;
  if (i.scoredCount === 0) return <span style={{ color: 'rgba(0,0,0,0.45)' }}>未评分</span>;
  return (
    <span data-testid={`list-total-${i.id}`}>
      <strong>{i.total}</strong>
      {i.scoredCount < 42 && <span style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>（已评 {i.scoredCount}/42）</span>}
    </span>
  );
}
