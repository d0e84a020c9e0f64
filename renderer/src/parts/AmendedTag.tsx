// Shared: the inspections list and the inspection header both mark amended records.
import { Tag } from 'antd';
import type { InspectionSummary } from '../../../core/contract/inspections';

/** 已更改 (amended) marks any record past its first signed revision, or being amended now. */
export function AmendedTag({ inspection }: { inspection: Pick<InspectionSummary, 'revision' | 'amendmentReason'> }) {
  if (inspection.revision < 2 && !inspection.amendmentReason) return null;
  const label = inspection.amendmentReason ? `更改中（原第 ${inspection.revision} 版）` : `已更改 · 第 ${inspection.revision} 版`;
  return <Tag color="orange">{label}</Tag>;
}
