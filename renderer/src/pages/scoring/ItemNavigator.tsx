import { memo, useEffect, useRef } from 'react';
import { Tooltip } from 'antd';
import { ExclamationCircleFilled } from '@ant-design/icons';
import type { ItemState } from '../../../../core/contract/inspections';
import { ATTACHMENT3_INDICATORS, attachment3Item, attachment3ItemLabel } from '../../../../forms/attachment3';
import type { Totals } from '../../../../forms/scoring';
import type { ScoringTemplate } from '../../../../forms/scoring-template';
import { hasProblem, isUnscored, matchesFilter, type ItemFilter } from './filters';

interface Props {
  template: ScoringTemplate;
  items: ItemState[];
  totals: Totals;
  currentNo: number;
  filter: ItemFilter;
  onSelect(no: number): void;
}

const NavRow = memo(function NavRow({
  item,
  current,
  unscored,
  problem,
  onSelect,
}: {
  item: ItemState;
  current: boolean;
  unscored: boolean;
  problem: boolean;
  onSelect(no: number): void;
}) {
  const def = attachment3Item(item.no);
  const label = def ? attachment3ItemLabel(def) : '';
  const scoreText = item.notApplicable ? '不适用' : item.score === null ? '—' : String(item.score);
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (current) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [current]);
  return (
    <button
      ref={ref}
      type="button"
      data-testid={`nav-item-${item.no}`}
      data-unscored={unscored ? 'true' : 'false'}
      data-problem={problem ? 'true' : 'false'}
      aria-current={current ? 'true' : undefined}
      className={['nav-row', current ? 'is-current' : '', unscored ? 'is-unscored' : '', item.notApplicable ? 'is-na' : '']
        .filter(Boolean)
        .join(' ')}
      onClick={() => onSelect(item.no)}
      // Clicking must not leave focus on the button: j/k and digits stay with the sheet.
      onMouseDown={(e) => e.preventDefault()}
    >
      <span className="nav-no">{item.no}</span>
      <span className="nav-label">{label}</span>
      {problem && (
        <Tooltip title="有问题记录或不符合条款">
          <ExclamationCircleFilled className="nav-problem" aria-label="有问题" />
        </Tooltip>
      )}
      <span className="nav-score">{scoreText}</span>
    </button>
  );
});

/** The 9 first-level indicators with their items: unscored highlighted, problems marked. */
export function ItemNavigator({ template, items, totals, currentNo, filter, onSelect }: Props) {
  const byNo = new Map(items.map((i) => [i.no, i]));
  return (
    <nav className="scoring-nav" aria-label="检查项目">
      {ATTACHMENT3_INDICATORS.map((ind, index) => {
        const shown = ind.itemNos
          .map((no) => byNo.get(no))
          .filter((i): i is ItemState => i !== undefined && (i.no === currentNo || matchesFilter(template, i, filter)));
        if (shown.length === 0) return null;
        const sub = totals.perIndicator[index];
        return (
          <section key={ind.name} className="nav-group">
            <div className="nav-group-head">
              <span>{ind.name}</span>
              <span className="nav-group-points">
                {sub ? `${sub.raw}/${sub.applicableMax}` : ''}
                {ind.bonus ? ' 加分' : ''}
              </span>
            </div>
            {shown.map((item) => (
              <NavRow
                key={item.no}
                item={item}
                current={item.no === currentNo}
                unscored={isUnscored(template, item)}
                problem={hasProblem(item)}
                onSelect={onSelect}
              />
            ))}
          </section>
        );
      })}
    </nav>
  );
}
