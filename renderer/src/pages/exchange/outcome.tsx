import { Tag } from 'antd';
import { OUTCOME_LABELS, type ImportOutcome } from '../../../../core/contract/bundles';

const COLOR: Record<ImportOutcome, string> = { imported: 'green', duplicate: 'default', quarantined: 'orange', refused: 'red' };

export function OutcomeTag({ outcome }: { outcome: ImportOutcome }) {
  return (
    <Tag color={COLOR[outcome]} data-testid={`outcome-${outcome}`}>
      {OUTCOME_LABELS[outcome]}
    </Tag>
  );
}
