/**
 * Scoring templates as text: the body text stored and carried in bundles, and the
 * template a body text describes. Pure (no database), so the import's worker thread
 * uses it too.
 */
import { DEFAULT_TEMPLATE, parseScoringTemplate, type ScoringTemplate } from '../../forms/scoring-template';

export interface TemplateRef {
  id: string;
  version: string;
}

export const BUILT_IN: TemplateRef = { id: DEFAULT_TEMPLATE.id, version: DEFAULT_TEMPLATE.version };
export const sameRef = (a: TemplateRef, b: TemplateRef): boolean => a.id === b.id && a.version === b.version;

/** Templates are never changed once made (parsed ones are shared through the cache below), so each one's text is made once. */
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

/** The body text of the built-in template: what a row or a bundle must carry for it. */
export const BUILT_IN_BODY = templateBodyText(DEFAULT_TEMPLATE);

export const isBuiltIn = (ref: TemplateRef): boolean => sameRef(ref, BUILT_IN);

/** Parsed templates by body text, shared by every store and thread-local like any module state. */
const bodies = new Map<string, ScoringTemplate | null>();
const MAX_CACHED_BODIES = 100;

/** The template a body text describes, or null when it is not a valid template. Pure. */
export function templateOfBody(text: string): ScoringTemplate | null {
  if (text === BUILT_IN_BODY) return DEFAULT_TEMPLATE;
  let t = bodies.get(text);
  if (t === undefined) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = parseScoringTemplate(json);
    t = parsed.ok ? parsed.template : null;
    if (bodies.size >= MAX_CACHED_BODIES) bodies.clear();
    bodies.set(text, t);
  }
  return t;
}
