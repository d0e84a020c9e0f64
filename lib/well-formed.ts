/**
 * Finding ill-formed text in a JSON-shaped value before anything stores or hashes it.
 *
 * A JavaScript string may hold a lone UTF-16 surrogate (JSON's "\ud800" escape makes one).
 * No UTF-8 encoding exists for it: SQLite quietly writes U+FFFD instead, and canonical
 * JSON (the audit chain, the signed snapshot, bundles) refuses it — so one such character,
 * once accepted, breaks every later hash of whatever holds it. Every API input is walked
 * here once, keys as well as values, so no method can let one in.
 */

/** Deeper than any API input nests; a deeper value is refused rather than walked. */
export const MAX_INPUT_DEPTH = 64;

export type IllFormed =
  /** A string value with a lone surrogate, at `path`. */
  | { kind: 'value'; path: (string | number)[] }
  /** An object key with a lone surrogate; `path` is the object holding it. */
  | { kind: 'key'; path: (string | number)[] }
  /** Nested deeper than the limit at `path` (also what a cyclic value comes to). */
  | { kind: 'depth'; path: (string | number)[] };

/** True when every surrogate in `s` is half of a pair (String.prototype.isWellFormed, ES2024). */
export function isWellFormedText(s: string): boolean {
  return s.isWellFormed();
}

/** What the user is told, beside the field when the screen knows it; `label` names the field. */
export function illFormedMessage(found: IllFormed['kind'] = 'value', label?: string): string {
  if (found === 'depth') return `输入内容嵌套过深（超过 ${MAX_INPUT_DEPTH} 层），未处理。请检查后重试。`;
  const what = found === 'key' ? '字段名' : (label ?? '所填内容');
  return `${what}含有无法识别的字符（不完整的 Unicode 代理项），请删除后重新输入。`;
}

/**
 * The first ill-formed string or key of `value`, depth first in key order, or null.
 * Only arrays and plain objects are walked: they are all that JSON and the IPC inputs
 * the contract accepts are made of (a typed array or a Map holds no text the schemas read).
 */
export function findIllFormed(value: unknown, maxDepth = MAX_INPUT_DEPTH): IllFormed | null {
  const path: (string | number)[] = [];
  const walk = (v: unknown, depth: number): IllFormed | null => {
    if (typeof v === 'string') return isWellFormedText(v) ? null : { kind: 'value', path: [...path] };
    if (typeof v !== 'object' || v === null) return null;
    const isArray = Array.isArray(v);
    if (!isArray) {
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) return null;
    }
    if (depth >= maxDepth) return { kind: 'depth', path: [...path] };
    if (isArray) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        const found = walk(v[i], depth + 1);
        path.pop();
        if (found) return found;
      }
      return null;
    }
    for (const key of Object.keys(v)) {
      if (!isWellFormedText(key)) return { kind: 'key', path: [...path] };
      path.push(key);
      const found = walk((v as Record<string, unknown>)[key], depth + 1);
      path.pop();
      if (found) return found;
    }
    return null;
  };
  return walk(value, 0);
}
