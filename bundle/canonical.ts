import crypto from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * THE one place the app turns a value into RFC 8785 (JCS) canonical JSON and hashes it:
 * bundle payloads and headers, revision snapshots, the hash printed on PDFs. Two machines
 * that hold the same data must produce the same bytes, so anything JSON cannot say exactly
 * is refused here instead of being silently dropped or coerced.
 */

/** Thrown when a value has no exact JSON form; `path` names the offending field. */
export class CanonicalJsonError extends Error {
  readonly path: string;
  constructor(path: string, problem: string) {
    super(`无法生成规范 JSON：${path === '' ? '根值' : path} ${problem}`);
    this.name = 'CanonicalJsonError';
    this.path = path;
  }
}

function isLoneSurrogateIn(s: string): boolean {
  // isWellFormed is ES2024 (Node 20): true when every surrogate is paired.
  return !s.isWellFormed();
}

/** The dotted path of the value being checked, built only when something is refused. */
function pathOf(trail: readonly (string | number)[]): string {
  return trail.join('.');
}

/**
 * Walks the value once and refuses what `canonicalize` (and JSON.stringify) would
 * silently lose or change: undefined members are dropped, undefined in arrays becomes
 * null, functions and symbols vanish, Map/Set become {}, Date goes through toJSON,
 * NaN/Infinity have no JSON form, BigInt throws an opaque TypeError.
 *
 * Returns whether every object's keys already come in RFC 8785 order (UTF-16 code
 * units, strictly increasing) as the engine enumerates them. Then the canonical text
 * IS JSON.stringify's: RFC 8785 serialises strings and numbers exactly as ECMAScript's
 * JSON.stringify does (§3.2.2), and JSON.stringify walks keys in that same enumeration
 * order. Values parsed from canonical text, and objects the app writes with their keys
 * in order, take this native path; anything else goes through `canonicalize`.
 * `canonical.test.ts` holds the two paths to the same bytes with fast-check.
 */
function check(value: unknown, trail: (string | number)[], stack: Set<object>): boolean {
  switch (typeof value) {
    case 'string':
      if (isLoneSurrogateIn(value)) throw new CanonicalJsonError(pathOf(trail), '含有不成对的 UTF-16 代理字符，无法编码为 UTF-8；请清理该文本');
      return true;
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(pathOf(trail), `是 ${String(value)}，JSON 没有这种数值；请改为有限数字或 null`);
      return true;
    case 'boolean':
      return true;
    case 'undefined':
      throw new CanonicalJsonError(pathOf(trail), '是 undefined，JSON 没有这个值；请删除该字段或改为 null');
    case 'function':
      throw new CanonicalJsonError(pathOf(trail), '是函数，不能写入 JSON；请只传数据');
    case 'symbol':
      throw new CanonicalJsonError(pathOf(trail), '是 Symbol，不能写入 JSON；请只传数据');
    case 'bigint':
      throw new CanonicalJsonError(pathOf(trail), '是 BigInt，JSON 数字无法精确表示；请改为字符串');
    case 'object':
      break;
  }
  if (value === null) return true;
  const obj = value as object;
  if (stack.has(obj)) throw new CanonicalJsonError(pathOf(trail), '引用了自身（循环引用），无法写成 JSON');
  stack.add(obj);
  let sorted = true;
  const depth = trail.length;
  if (Array.isArray(obj)) {
    for (let i = 0; i < obj.length; i++) {
      trail[depth] = i;
      if (!check(obj[i], trail, stack)) sorted = false;
    }
  } else {
    const proto: unknown = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (obj as { constructor?: { name?: string } }).constructor?.name ?? '对象';
      throw new CanonicalJsonError(pathOf(trail), `是 ${kind} 实例，只接受普通对象和数组；请先转换（例如日期转为 ISO 字符串）`);
    }
    if (Object.getOwnPropertySymbols(obj).length > 0) throw new CanonicalJsonError(pathOf(trail), '含有 Symbol 键，JSON 无法表示；请只用字符串键');
    let prev: string | null = null;
    for (const key of Object.keys(obj)) {
      trail[depth] = key;
      if (isLoneSurrogateIn(key)) throw new CanonicalJsonError(pathOf(trail), '的键名含有不成对的代理字符；请清理键名');
      if (prev !== null && !(prev < key)) sorted = false;
      prev = key;
      if (!check((obj as Record<string, unknown>)[key], trail, stack)) sorted = false;
    }
  }
  trail.length = depth;
  stack.delete(obj);
  return sorted;
}

/** RFC 8785 canonical JSON text of a plain JSON value; throws CanonicalJsonError otherwise. */
export function canonicalJson(value: unknown): string {
  const text = check(value, [], new Set()) ? JSON.stringify(value) : canonicalize(value);
  // Unreachable after check(), but the library's type allows it.
  if (text === undefined) throw new CanonicalJsonError('', '没有 JSON 形式');
  return text;
}

/** Lower-case hex SHA-256 of UTF-8 text or raw bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  // The one-shot crypto.hash (Node 20.12+) skips the Hash object; for the many short
  // texts of an audit chain that is most of the cost.
  return crypto.hash('sha256', data, 'hex');
}

/** SHA-256 of the canonical JSON of a value: the hash of a snapshot or payload. */
export function canonicalSha256(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
