/**
 * `ducha reviews …`: on a bureau desk, the imported signed inspections and their review
 * (待审核 / 已受理 / 退回补正); on a laptop, what became of the inspections it signed.
 */
import { REVIEW_LIST_STATES, REVIEW_STATE_LABELS, type ReviewItem, type ReviewListState } from '../../contract/reviews';
import { AppError } from '../../../lib/errors';
import { call, print, printJson, type CliContext } from '../context';
import { formatTable } from '../table';

// The terminal user may type the state as the table shows it (待审核) or as the API names it.
function stateOf(text: string): ReviewListState {
  const byLabel = REVIEW_LIST_STATES.find((s) => REVIEW_STATE_LABELS[s] === text);
  if (byLabel) return byLabel;
  if ((REVIEW_LIST_STATES as readonly string[]).includes(text)) return text as ReviewListState;
  throw new AppError('VALIDATION', `「${text}」不是审核状态。可选：pending（待审核）、accepted（已受理）、returned（退回补正）。`);
}

function describe(item: ReviewItem): string {
  const what = `${item.agencyName}（${item.inspectedOn}，第 ${item.revision} 版）`;
  return item.state === 'returned' ? `${what}已退回补正，理由：${item.reason ?? ''}` : `${what}${REVIEW_STATE_LABELS[item.state]}。`;
}

export function registerReviews({ program, withApp }: CliContext): void {
  const reviews = program.command('reviews').description('审核：区局 / 市局审核端受理或退回补正导入的检查记录');

  reviews
    .command('list')
    .description('列出待审核及已审核的检查记录（按签署时间，最早的在前）')
    .option('--state <state>', '只列出某一状态：pending（待审核）| accepted（已受理）| returned（退回补正）')
    .option('--json', '以 JSON 输出')
    .action((opts: { state?: string; json?: boolean }) =>
      withApp(async (app) => {
        const { items } = await call(app, 'reviews/list', opts.state === undefined ? {} : { state: stateOf(opts.state) });
        if (opts.json) return printJson({ items });
        print(
          `${formatTable(
            ['编号', '状态', '机构', '区', '检查日期', '版本', '理由'],
            items.map((i) => [i.inspectionId, REVIEW_STATE_LABELS[i.state], i.agencyName, i.district, i.inspectedOn, String(i.revision), i.reason || '—']),
          )}\n共 ${items.length} 项`,
        );
      }),
    );

  reviews
    .command('accept <id>')
    .description('受理一项检查记录（其最新签署版本）')
    .option('--json', '以 JSON 输出')
    .action((id: string, opts: { json?: boolean }) =>
      withApp(async (app) => {
        const item = await call(app, 'reviews/accept', { inspectionId: id });
        if (opts.json) return printJson(item);
        print(`${describe(item)}\n审核结论将在下次同步时报送接收端。`);
      }),
    );

  reviews
    .command('return <id>')
    .description('退回补正一项检查记录，须用 --reason 写明理由')
    .requiredOption('--reason <text>', '退回理由：哪些项目或问题需要补正')
    .option('--json', '以 JSON 输出')
    .action((id: string, opts: { reason: string; json?: boolean }) =>
      withApp(async (app) => {
        const item = await call(app, 'reviews/return', { inspectionId: id, reason: opts.reason });
        if (opts.json) return printJson(item);
        print(`${describe(item)}\n审核结论将在下次同步时报送接收端。`);
      }),
    );
}
