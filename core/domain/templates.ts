/**
 * The scoring template an inspection is scored with: the built-in default, templates a
 * bureau loaded, and which one new inspections get. A stored (id, version) never changes — old inspections keep being
 * scored with the allocation they started with — which also makes parsed templates safe
 * to cache for the life of the store.
 */
import { AppError } from '../../lib/errors';
import { DEFAULT_TEMPLATE, parseScoringTemplate, type ScoringTemplate } from '../../forms/scoring-template';
import type { Store } from '../../db/open';
import { getTemplateRow, insertTemplateIfAbsent, type TemplateRow } from '../../db/repositories/scoring';
import { SETTING_KEYS, getSetting } from '../../db/repositories/settings';
import type { ServiceContext } from '../context';
import { nowIso } from '../ids';

export interface TemplateRef {
  id: string;
  version: string;
}

export const BUILT_IN: TemplateRef = { id: DEFAULT_TEMPLATE.id, version: DEFAULT_TEMPLATE.version };
export const sameRef = (a: TemplateRef, b: TemplateRef): boolean => a.id === b.id && a.version === b.version;
const refKey = (r: TemplateRef): string => JSON.stringify([r.id, r.version]);

/** Templates are never changed once made (parsed ones are cached for the life of the store), so each one's text is made once. */
const bodyTexts = new WeakMap<ScoringTemplate, string>();

/**
 * What is stored in scoring_templates.body: the template without its isDefault flag
 * (which one is the default lives in settings, so the body never has to change),
 * keys in a fixed order so equal templates give equal text.
 */
export function templateBodyText(t: ScoringTemplate): string {
  const known = bodyTexts.get(t);
  if (known !== undefined) return known;
  const text = JSON.stringify({
    id: t.id,
    version: t.version,
    name: t.name,
    ...(t.note === undefined ? {} : { note: t.note }),
    items: t.items.map((i) => ({ no: i.no, max: i.max })),
  });
  bodyTexts.set(t, text);
  return text;
}

const parsedCache = new WeakMap<Store, Map<string, ScoringTemplate>>();

export function parseStored(row: TemplateRow): ScoringTemplate {
  let json: unknown;
  try {
    json = JSON.parse(row.body);
  } catch {
    json = undefined;
  }
  const parsed = parseScoringTemplate(json);
  if (!parsed.ok) {
    throw new AppError(
      'INTEGRITY',
      `本机保存的评分模板「${row.name}」（${row.id}，版本 ${row.version}）已损坏，无法计算得分。请从备份恢复数据目录。`,
    );
  }
  return parsed.template;
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
    body: templateBodyText(DEFAULT_TEMPLATE),
    createdAt: nowIso(),
  });
}

/** The scoring template an inspection (or its snapshot) names by templateId and templateVersion. */
export function inspectionTemplate(ctx: ServiceContext, row: { templateId: string; templateVersion: string }): ScoringTemplate {
  return loadTemplate(ctx, { id: row.templateId, version: row.templateVersion });
}

/** The template (id, version) with its per-item maxima; cached because it never changes. */
export function loadTemplate(ctx: ServiceContext, ref: TemplateRef): ScoringTemplate {
  let cache = parsedCache.get(ctx.store);
  if (!cache) {
    cache = new Map();
    parsedCache.set(ctx.store, cache);
  }
  const key = refKey(ref);
  const hit = cache.get(key);
  if (hit) return hit;
  const row = getTemplateRow(ctx.store.db, ref.id, ref.version);
  let template: ScoringTemplate;
  if (row) template = parseStored(row);
  // Inspections made before the built-in row was first written point at it by the
  // column defaults of migration 0001; the shipped constant is that very template.
  else if (sameRef(ref, BUILT_IN)) template = DEFAULT_TEMPLATE;
  else {
    throw new AppError(
      'INTEGRITY',
      `检查任务使用的评分模板（${ref.id}，版本 ${ref.version}）不在本机数据库中，无法计算得分。请重新导入该模板文件后再打开。`,
    );
  }
  cache.set(key, template);
  return template;
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
