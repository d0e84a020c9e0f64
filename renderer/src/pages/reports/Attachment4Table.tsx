/**
 * （一）汇总 in the notice's own arrangement: the merged group cell, each row's label and
 * number, and the paired column (已取消执业公示 / 已注销资质 / 已整改) on the same line. Every
 * number is a button that lists the records behind it.
 */
import { Button } from 'antd';
import { ATTACHMENT4_GROUPS, caption, type Attachment4Cell, type Attachment4Counts, type Attachment4Key } from '../../../../forms/attachment4';

function Count({ cell, counts, onTrace }: { cell: Attachment4Cell; counts: Attachment4Counts; onTrace(key: Attachment4Key): void }) {
  return (
    <td className="a4-count">
      <Button type="link" data-testid={`a4-${cell.key}`} aria-label={`${caption(cell)}：${counts[cell.key]}，查看背后的记录`} onClick={() => onTrace(cell.key)}>
        {counts[cell.key]}
      </Button>
    </td>
  );
}

export function Attachment4Table({ counts, onTrace }: { counts: Attachment4Counts; onTrace(key: Attachment4Key): void }) {
  return (
    <table className="a4-table">
      <colgroup>
        <col style={{ width: '14%' }} />
        <col style={{ width: '42%' }} />
        <col style={{ width: '9%' }} />
        <col style={{ width: '26%' }} />
        <col style={{ width: '9%' }} />
      </colgroup>
      <tbody>
        {ATTACHMENT4_GROUPS.map((g) =>
          g.rows.map((r, i) => (
            <tr key={r.key}>
              {i === 0 && (
                <th rowSpan={g.rows.length} scope="rowgroup" className="a4-group">
                  {g.label}
                </th>
              )}
              <td>{caption(r)}</td>
              <Count cell={r} counts={counts} onTrace={onTrace} />
              {r.paired ? (
                <>
                  <td>{caption(r.paired)}</td>
                  <Count cell={r.paired} counts={counts} onTrace={onTrace} />
                </>
              ) : (
                <td colSpan={2} className="a4-empty" />
              )}
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}
