/**
 * The scoring template an inspection is scored with: the built-in default, templates a
 * bureau loaded, and which one new inspections get. A stored (id, version) never
 * changes, so old inspections keep being scored with the allocation they started with.
 *
 * The built-in template is the one shipped in forms/scoring-template: its (id, version)
 * always means that constant, whatever a row or a bundle says, so no import can replace
 * it. Parsed templates are cached by their body text only, never by (id, version): a row
 * written inside a savepoint that is later rolled back leaves nothing behind that a later
 * read could mistake for what is stored.
 */
import { AppError } from '../../lib/errors';
import { DEFAULT_TEMPLATE, type ScoringTemplate } from '../../forms/scoring-template';
import { BUILT_IN, BUILT_IN_BODY, isBuiltIn, templateOfBody, type TemplateRef } from './template-body';

export { BUILT_IN, BUILT_IN_BODY, isBuiltIn, sameRef, templateBodyText, templateOfBody, type TemplateRef } from './template-body';
import { getTemplateRow, insertTemplateIfAbsent, type TemplateRow } from '../../db/repositories/scoring';
import { SETTING_KEYS, getSetting } from '../../db/repositories/settings';
import type { ServiceContext } from '../context';
import { nowIso } from '../ids';

export function parseStored(row: TemplateRow): ScoringTemplate {
  if (isBuiltIn(row)) return DEFAULT_TEMPLATE;
  const template = templateOfBody(row.body);
  if (template === null) {
    throw new AppError(
      'INTEGRITY',
      `本机保存的评分模板「${row.name}」（${row.id}，版本 ${row.version}）已损坏，无法计算得分。请从备份恢复数据目录。`,
    );
  }
  return template;
}

/**
 * Writes the built-in template into scoring_templates if it is not there yet. Checked
 * with a read first so the common case writes nothing. Safe inside a transaction.
 */
export function ensureBuiltInTemplate(ctx: ServiceContext): void {
  const { db } = ctx.store;
  if (getTemplateRow(db, BUILT_IN.id, BUILT_IN.version)) return;
  insertTemplateIfAbsent(db, {
    id: DEFAULT_TEMPLATE.id,
    version: DEFAULT_TEMPLATE.version,
    name: DEFAULT_TEMPLATE.name,
    body: BUILT_IN_BODY,
    createdAt: nowIso(),
  });
}

/** The scoring template an inspection (or its snapshot) names by templateId and templateVersion. */
export function inspectionTemplate(ctx: ServiceContext, row: { templateId: string; templateVersion: string }): ScoringTemplate {
  return loadTemplate(ctx, { id: row.templateId, version: row.templateVersion });
}

/**
 * The template (id, version) with its per-item maxima, as stored now: one prepared read
 * of the row, then the parse cached by body text.
 */
export function loadTemplate(ctx: ServiceContext, ref: TemplateRef): ScoringTemplate {
  // Inspections made before the built-in row was first written point at it by the column
  // defaults of migration 0001; the shipped constant is that very template.
  if (isBuiltIn(ref)) return DEFAULT_TEMPLATE;
  const row = getTemplateRow(ctx.store.db, ref.id, ref.version);
  if (!row) {
    throw new AppError(
      'INTEGRITY',
      `检查任务使用的评分模板（${ref.id}，版本 ${ref.version}）不在本机数据库中，无法计算得分。请重新导入该模板文件后再打开。`,
    );
  }
  return parseStored(row);
}

/** The template new inspections get: the chosen one if it is stored, else the built-in. */
export function defaultTemplateRef(ctx: ServiceContext): TemplateRef {
  const value = getSetting(ctx.store.db, SETTING_KEYS.defaultTemplate);
  if (value !== undefined) {
    try {
      const ref = JSON.parse(value) as Partial<TemplateRef>;
      if (typeof ref.id === 'string' && typeof ref.version === 'string' && getTemplateRow(ctx.store.db, ref.id, ref.version)) {
        return { id: ref.id, version: ref.version };
      }
    } catch {
      // An unreadable setting falls back to the built-in rather than blocking new inspections.
    }
  }
  return BUILT_IN;
}
