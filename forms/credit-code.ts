/**
 * 统一社会信用代码 (unified social credit identifier) per GB 32100-2015.
 *
 * Structure (1-based positions):
 *   1      登记管理部门代码
 *   2      机构类别代码
 *   3–8    登记管理机关行政区划码 (GB/T 2260, digits only)
 *   9–17   主体标识码（组织机构代码）
 *   18     校验码 (GB/T 17710 style, modulus 31)
 *
 * Pure module: used by both the renderer (live form validation) and the
 * bundle/import side, so it must not touch node:, DOM or any database.
 */

/**
 * The 31-character alphabet, in value order (index = numeric value used in the
 * weighted sum). I, O, Z, S, V are excluded by the standard because they are
 * easily confused with 1, 0, 2, 5, U when handwritten or printed.
 */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weights for positions 1–17: 3^(i) mod 31, as listed in GB 32100-2015. */
const WEIGHTS: readonly number[] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

const VALUE_OF: ReadonlyMap<string, number> = new Map(
  Array.from(CREDIT_CODE_ALPHABET, (ch, i) => [ch, i] as const),
);

/**
 * 登记管理部门代码 → permitted 机构类别代码.
 *
 * Taken from GB 32100-2015 Appendix together with the later department
 * assignments (外交, 司法行政, 文化, 旅游, 宗教, 工会, 中央军委改革和编制办公室, 农业).
 * We deliberately accept '9' (其他) under every department: the published
 * tables add 其他 categories over time, and rejecting a real agency's code
 * because our table is a revision behind would block an inspector in the
 * field with no way to override. False accepts are caught by the check char.
 */
export const REGISTRATION_DEPARTMENTS: Readonly<
  Record<string, { readonly name: string; readonly categories: Readonly<Record<string, string>> }>
> = {
  '1': { name: '机构编制', categories: { '1': '机关', '2': '事业单位', '3': '中央编办直接管理机构编制的群众团体', '9': '其他' } },
  '2': { name: '外交', categories: { '1': '外国常驻新闻机构', '9': '其他' } },
  '3': {
    name: '司法行政',
    categories: { '1': '律师执业机构', '2': '公证处', '3': '基层法律服务所', '4': '司法鉴定机构', '5': '仲裁委员会', '9': '其他' },
  },
  '4': { name: '文化', categories: { '1': '外国在华文化中心', '9': '其他' } },
  '5': { name: '民政', categories: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' } },
  '6': {
    name: '旅游',
    categories: { '1': '外国旅游部门常驻代表机构', '2': '港澳台地区旅游部门常驻内地（大陆）代表机构', '9': '其他' },
  },
  '7': { name: '宗教', categories: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
  '8': { name: '工会', categories: { '1': '基层工会', '9': '其他' } },
  '9': { name: '工商', categories: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社', '9': '其他' } },
  A: { name: '中央军委改革和编制办公室', categories: { '1': '军队事业单位', '9': '其他' } },
  N: { name: '农业', categories: { '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' } },
  Y: { name: '其他', categories: { '1': '其他', '9': '其他' } },
};

export type CreditCodeResult = { ok: true; code: string } | { ok: false; message: string };

/**
 * Canonical form used everywhere: NFKC folds full-width digits/letters typed
 * with a Chinese IME (９１３１…) to ASCII, then trim + uppercase. Done before
 * any position is reported so positions match what the user will see saved.
 */
function normalise(raw: string): string {
  return raw.normalize('NFKC').trim().toUpperCase();
}

/** Structural problems in the first 17 characters, or null if none. */
function structureError(chars: readonly string[]): string | null {
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    if (!VALUE_OF.has(ch)) {
      const hint = 'IOZSV'.includes(ch) ? '（统一社会信用代码不使用字母 I、O、Z、S、V）' : '';
      return `第 ${i + 1} 位字符“${ch}”不合法${hint}`;
    }
  }
  const dept = chars[0] ?? '';
  const deptInfo = REGISTRATION_DEPARTMENTS[dept];
  if (deptInfo === undefined) {
    return `第 1 位登记管理部门代码“${dept}”不存在`;
  }
  const category = chars[1] ?? '';
  if (deptInfo.categories[category] === undefined) {
    return `第 2 位机构类别代码“${category}”不属于登记管理部门“${deptInfo.name}”`;
  }
  for (let i = 2; i < 8; i++) {
    const ch = chars[i] ?? '';
    if (ch < '0' || ch > '9') {
      return `第 ${i + 1} 位应为数字（第 3–8 位是登记管理机关行政区划码），实际为“${ch}”`;
    }
  }
  return null;
}

/** Check char from 17 characters already known to be in the alphabet. */
function checkCharOf(chars: readonly string[]): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += (VALUE_OF.get(chars[i] ?? '') ?? 0) * (WEIGHTS[i] ?? 0);
  }
  // 31 - (sum mod 31) yields 1..31; the standard maps 31 to value 0.
  const value = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_ALPHABET[value] ?? '0';
}

/**
 * Check character for the first 17 characters (normalised like user input).
 * Throws RangeError on malformed input: callers pass programmer-built strings.
 */
export function creditCodeCheckChar(first17: string): string {
  const chars = Array.from(normalise(first17));
  if (chars.length !== 17) {
    throw new RangeError(`creditCodeCheckChar 需要 17 位，收到 ${chars.length} 位`);
  }
  for (let i = 0; i < 17; i++) {
    if (!VALUE_OF.has(chars[i] ?? '')) {
      throw new RangeError(`第 ${i + 1} 位字符“${chars[i] ?? ''}”不合法`);
    }
  }
  return checkCharOf(chars);
}

/**
 * Full 18-char code from a 17-char prefix, for demo data and tests. Rejects a
 * prefix whose structure (department, category, region digits) would make the
 * result fail validateCreditCode, so its output always validates.
 */
export function makeCreditCode(first17: string): string {
  const chars = Array.from(normalise(first17));
  if (chars.length !== 17) {
    throw new RangeError(`makeCreditCode 需要 17 位，收到 ${chars.length} 位`);
  }
  const err = structureError(chars);
  if (err !== null) throw new RangeError(err);
  return chars.join('') + checkCharOf(chars);
}

export function validateCreditCode(code: string): CreditCodeResult {
  const normalised = normalise(code);
  if (normalised === '') {
    return { ok: false, message: '请填写统一社会信用代码' };
  }
  // Code points, not UTF-16 units, so a stray emoji counts as one character.
  const chars = Array.from(normalised);
  if (chars.length !== 18) {
    return { ok: false, message: `统一社会信用代码应为 18 位，当前为 ${chars.length} 位` };
  }
  const err = structureError(chars.slice(0, 17));
  if (err !== null) return { ok: false, message: err };
  const last = chars[17] ?? '';
  if (!VALUE_OF.has(last)) {
    const hint = 'IOZSV'.includes(last) ? '（统一社会信用代码不使用字母 I、O、Z、S、V）' : '';
    return { ok: false, message: `第 18 位字符“${last}”不合法${hint}` };
  }
  const expected = checkCharOf(chars);
  if (last !== expected) {
    return { ok: false, message: `校验码错误：第 18 位应为“${expected}”，实际为“${last}”，请核对代码是否抄错` };
  }
  return { ok: true, code: normalised };
}
