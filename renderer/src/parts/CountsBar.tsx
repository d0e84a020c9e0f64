// Shared: the agency drawer (机构) and the roster checklist (人员) show the same counts.
import { Flex, Statistic, Tooltip, Typography } from 'antd';
import type { Counts } from '../../../core/contract/personnel';
import { SUMMARY_LABELS } from '../../../forms/attachment2';

const ITEMS: { key: keyof Counts; label: string; warn: boolean }[] = [
  { key: 'total', label: SUMMARY_LABELS.checkedTotal, warn: false },
  { key: 'practisingProblems', label: SUMMARY_LABELS.practisingProblems, warn: true },
  { key: 'educationProblems', label: SUMMARY_LABELS.educationProblems, warn: true },
  { key: 'titleProblems', label: SUMMARY_LABELS.titleProblems, warn: true },
  { key: 'disclosureCancelled', label: '已取消执业公示', warn: false },
  { key: 'qualificationRevoked', label: '已注销资质', warn: false },
];

/**
 * The computed half of （一）: counted from the roster on every change and
 * never typed, so the form cannot disagree with its own list.
 */
export function CountsBar({ counts }: { counts: Counts }) {
  return (
    <Flex gap={28} wrap align="flex-end" data-testid="personnel-counts">
      {ITEMS.map((it) => (
        <div key={it.key} data-testid={`count-${it.key}`}>
          <Statistic
            title={it.label}
            value={counts[it.key]}
            suffix="人"
            styles={{ content: { fontSize: 20, color: it.warn && counts[it.key] > 0 ? '#cf1322' : undefined } }}
          />
        </div>
      ))}
      <Tooltip title="这些人数由下方排查清单逐行计算，不能手工填写；修改清单后自动更新。">
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          （由清单自动计算）
        </Typography.Text>
      </Tooltip>
    </Flex>
  );
}
