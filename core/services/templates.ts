/**
 * templates/*: list the stored scoring templates, import one, choose the default for
 * new inspections. Loading and caching live in core/domain/templates.
 */
import type { ParsedInputOf } from '../contract';
import { AppError } from '../../lib/errors';
import type { TemplateRecord } from '../contract/templates';
import { parseScoringTemplate } from '../../forms/scoring-template';
import { getTemplateRow, insertTemplateIfAbsent, listTemplateRows, type TemplateRow } from '../../db/repositories/scoring';
import { SETTING_KEYS, putSetting } from '../../db/repositories/settings';
import type { ServiceContext } from '../context';
import { nowIso } from '../ids';
import {
  BUILT_IN,
  defaultTemplateRef,
  ensureBuiltInTemplate,
  loadTemplate,
  parseStored,
  sameRef,
  templateBodyText,
  type TemplateRef,
} from '../domain/templates';

function toRecord(ctx: ServiceContext, row: TemplateRow, current: TemplateRef): TemplateRecord {
  const t = loadTemplate(ctx, row);
  return {
    id: t.id,
    version: t.version,
    name: t.name,
    ...(t.note === undefined ? {} : { note: t.note }),
    items: t.items.map((i) => ({ no: i.no, max: i.max })),
    isDefault: sameRef(row, current),
    builtIn: sameRef(row, BUILT_IN),
    createdAt: row.createdAt,
  };
}

export function list(_input: ParsedInputOf<'templates/list'>, ctx: ServiceContext): TemplateRecord[] {
  ensureBuiltInTemplate(ctx);
  const current = defaultTemplateRef(ctx);
  return listTemplateRows(ctx.store.db).map((row) => toRecord(ctx, row, current));
}

function record(ctx: ServiceContext, ref: TemplateRef): TemplateRecord {
  const row = getTemplateRow(ctx.store.db, ref.id, ref.version);
  if (!row) throw new AppError('INTERNAL', '评分模板保存后未能读回，请重试。');
  return toRecord(ctx, row, defaultTemplateRef(ctx));
}

export function importTemplate(
  input: ParsedInputOf<'templates/import'>,
  ctx: ServiceContext,
): { template: TemplateRecord; created: boolean } {
  const parsed = parseScoringTemplate(input.template);
  if (!parsed.ok) {
    const [first, ...rest] = parsed.errors;
    const shown = [first, ...rest.slice(0, 2)].filter((e) => e !== undefined).map((e) => e.message);
    const more = rest.length > 2 ? `（另有 ${rest.length - 2} 处问题）` : '';
    throw new AppError(
      'VALIDATION',
      `评分模板未导入：${shown.join('；')}${more}。请修改模板文件后重新导入。`,
      first?.path ? `template.${first.path}` : 'template',
    );
  }
  const t = parsed.template;
  const body = templateBodyText(t);
  const { db } = ctx.store;
  const created = ctx.store.transaction(() => {
    ensureBuiltInTemplate(ctx);
    const existing = getTemplateRow(db, t.id, t.version);
    let wrote = false;
    if (existing) {
      if (templateBodyText(parseStored(existing)) !== body) {
        throw new AppError(
          'CONFLICT',
          `评分模板「${t.id}」版本 ${t.version} 已存在且内容不同。已导入的模板版本不能修改（已有检查任务按它评分）；请在文件中改用新的版本号（version）后再导入。`,
          'template.version',
        );
      }
    } else {
      wrote = insertTemplateIfAbsent(db, { id: t.id, version: t.version, name: t.name, body, createdAt: nowIso() });
    }
    if (input.makeDefault) putSetting(db, SETTING_KEYS.defaultTemplate, refKeyJson(t), nowIso());
    return wrote;
  });
  return { template: record(ctx, t), created };
}

function refKeyJson(ref: TemplateRef): string {
  return JSON.stringify({ id: ref.id, version: ref.version });
}

export function setDefault(input: ParsedInputOf<'templates/setDefault'>, ctx: ServiceContext): TemplateRecord {
  const { db } = ctx.store;
  ctx.store.transaction(() => {
    ensureBuiltInTemplate(ctx);
    if (!getTemplateRow(db, input.id, input.version)) {
      throw new AppError(
        'NOT_FOUND',
        `没有编号为「${input.id}」、版本为「${input.version}」的评分模板。请先导入该模板，或在模板列表中核对编号和版本。`,
        'id',
      );
    }
    putSetting(db, SETTING_KEYS.defaultTemplate, refKeyJson(input), nowIso());
  });
  return record(ctx, input);
}

// `import` is a reserved word, so the function has another name and is exported as the method's.
export { importTemplate as import };
