/**
 * Where a zod schema's output could differ from its input. The bundle readers hand on
 * the parsed JSON itself once the schema accepts it (bundle/format.ts, core/exchange/
 * verify-1-read.ts, verify-2-chains.ts), and the importer rebuilds that value by JSON.parse alone when the
 * verifier's worker has checked the file (verify-all.ts). Both are right only while the
 * schemas merely check: no transform, default, catch or pipe anywhere, and no object
 * that drops members it does not know (zod's plain object strips them).
 */
import type { z } from 'zod';

/** Node types whose output is their input whenever they accept it. */
const LEAVES = new Set(['string', 'number', 'boolean', 'null', 'unknown', 'enum', 'literal']);

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  options?: readonly z.ZodType[];
  innerType?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Every place in `schema` where parsing could change the value, as "path: what"; empty when it only checks. */
export function schemaChanges(schema: z.ZodType, at = '$'): string[] {
  const def = defOf(schema);
  if (LEAVES.has(def.type)) return [];
  switch (def.type) {
    case 'object': {
      const catchall = def.catchall ? defOf(def.catchall).type : undefined;
      // never: strict, unknown members refused; unknown: loose, kept as they are.
      const own = catchall === 'never' || catchall === 'unknown' ? [] : [`${at}: object that strips unknown members`];
      return [...own, ...Object.entries(def.shape ?? {}).flatMap(([k, v]) => schemaChanges(v, `${at}.${k}`))];
    }
    case 'array':
      return def.element ? schemaChanges(def.element, `${at}[]`) : [];
    case 'union':
      return (def.options ?? []).flatMap((o, i) => schemaChanges(o, `${at}|${i}`));
    case 'optional':
    case 'nullable':
      return def.innerType ? schemaChanges(def.innerType, at) : [];
    default:
      return [`${at}: ${def.type}`];
  }
}
