import { Progress, Tooltip } from 'antd';
import { ROUNDING_NOTE, type Totals } from '../../../../forms/scoring';
import type { ScoringTemplate } from '../../../../forms/scoring-template';

/** The sticky running total: raw / applicable max, rescaled, bonus, total, per-indicator subtotals. */
export function TotalsPanel({ totals, template }: { totals: Totals; template: ScoringTemplate }) {
  const done = 42 - totals.unscored.length;
  return (
    <aside className="scoring-totals" aria-label="得分合计">
      <div className="totals-head">
        <div className="totals-caption">总分（折算分 + 加分）</div>
        <div className="totals-total" data-testid="total-total">
          {totals.total}
        </div>
        <Progress percent={Math.round((done / 42) * 100)} size="small" showInfo={false} />
        <div className="totals-progress" data-testid="total-progress">
          已评 {done}/42{totals.notApplicable.length > 0 ? `（其中不适用 ${totals.notApplicable.length} 项）` : ''}
        </div>
      </div>
      <dl className="totals-lines">
        <dt>原始得分 / 适用满分</dt>
        <dd data-testid="total-raw">
          {totals.raw} / {totals.applicableMax}
        </dd>
        <dt>折算得分（百分制）</dt>
        <dd data-testid="total-rescaled">{totals.rescaled}</dd>
        <dt>创新特色加分</dt>
        <dd data-testid="total-bonus">{totals.bonus}</dd>
      </dl>
      <table className="totals-table">
        <thead>
          <tr>
            <th>一级指标</th>
            <th>得分/适用满分</th>
          </tr>
        </thead>
        <tbody>
          {totals.perIndicator.map((p) => (
            <tr key={p.name}>
              <td>
                {p.name}
                <span className="totals-points">（{p.points}{p.bonus ? '，加分' : ''}）</span>
              </td>
              <td>
                <Tooltip title={`已评 ${p.scoredCount} 项，不适用 ${p.notApplicableCount} 项，共 ${p.itemCount} 项`}>
                  {p.raw}/{p.applicableMax}
                </Tooltip>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="totals-note">{ROUNDING_NOTE}</p>
      <p className="totals-note">
        评分模板：{template.name}（版本 {template.version}）
      </p>
    </aside>
  );
}
