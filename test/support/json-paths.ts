/**
 * Walking and editing parsed JSON by path, for the property tests that mutate
 * bundles (bundle/format.property.test.ts, core/exchange/import.property.test.ts).
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Path = (string | number)[];

export function get(root: Json, p: Path): Json {
  return p.reduce<Json>((v, k) => (v as Record<string | number, Json>)[k] as Json, root);
}

export function set(root: Json, p: Path, value: Json): void {
  (get(root, p.slice(0, -1)) as Record<string | number, Json>)[p[p.length - 1] as string | number] = value;
}

/** Every path to a value inside `root` (containers and leaves) matching `filter`, in a stable order. */
export function paths(root: Json, filter: (v: Json) => boolean, base: Path = []): Path[] {
  const out: Path[] = [];
  const walk = (v: Json, p: Path) => {
    if (filter(v)) out.push(p);
    if (Array.isArray(v)) v.forEach((c, i) => walk(c, [...p, i]));
    else if (v !== null && typeof v === 'object') for (const k of Object.keys(v).sort()) walk(v[k] as Json, [...p, k]);
  };
  walk(get(root, base), base);
  return out;
}

export const isObject = (v: Json): v is { [k: string]: Json } => v !== null && typeof v === 'object' && !Array.isArray(v);
export const isLeaf = (v: Json): boolean => v === null || typeof v !== 'object';
export const pick = <T>(list: T[], n: number): T => list[n % list.length] as T;
