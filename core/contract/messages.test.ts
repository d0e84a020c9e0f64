import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract } from '.';
import { chineseErrorMap } from './messages';

/** What the user reads: Chinese, and no English beyond the field names quoted 「…」. */
function expectChinese(message: string): void {
  expect(message).toMatch(/[\u4e00-\u9fff]/);
  expect(message.replace(/「[^」]*」/g, '')).not.toMatch(/[A-Za-z]/);
}

function firstMessage(schema: z.ZodType, input: unknown): string {
  const r = schema.safeParse(input);
  if (r.success) throw new Error('expected a failure');
  return r.error.issues[0]?.message ?? '';
}

describe('zod speaks Chinese wherever the contract is loaded', () => {
  it('is configured by loading the contract', () => {
    expect(Object.keys(contract).length).toBeGreaterThan(0);
    expect(z.config().localeError).toBe(chineseErrorMap);
  });

  it.each<[string, z.ZodType, unknown, RegExp]>([
    ['a missing field', z.object({ name: z.string() }), {}, /缺少此项（应为文字）/],
    ['a wrong type', z.object({ n: z.number() }), { n: 'x' }, /应为数字，收到的是文字/],
    ['a number where a list belongs', z.array(z.string()), 3, /应为列表/],
    ['too-long text', z.string().max(50), 'x'.repeat(51), /^不能超过 50 个字符$/],
    ['too-short text', z.string().min(3), 'x', /^至少 3 个字符$/],
    ['empty text', z.string().min(1), '', /^不能为空$/],
    ['text of a fixed length', z.string().length(4), 'x', /^应为 4 个字符$/],
    ['too many items', z.array(z.number()).max(2), [1, 2, 3], /^最多 2 项$/],
    ['too few items', z.array(z.number()).min(2), [1], /^至少 2 项$/],
    ['too big a number', z.number().max(42), 99, /^不能大于 42$/],
    ['too small a number', z.number().int().min(1), 0, /^不能小于 1$/],
    ['not above a bound', z.number().gt(0), 0, /^应大于 0$/],
    ['not an integer', z.int(), 1.5, /应为整数/],
    ['a date too late', z.date().max(new Date('2026-01-01T00:00:00Z')), new Date('2027-01-01T00:00:00Z'), /^不能晚于 2026-01-01$/],
    ['an unknown key', z.object({}).strict(), JSON.parse('{"__proto__":1}'), /^含有不认识的字段：「__proto__」/],
    ['many unknown keys', z.strictObject({}), Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, i])), /等 12 个/],
    ['an e-mail address', z.email(), 'no', /^电子邮箱地址格式不正确$/],
    ['an id', z.uuid(), 'no', /^编号格式不正确$/],
    ['a pattern', z.string().regex(/^\d+$/), 'abc', /^格式不正确$/],
    ['a prefix', z.string().startsWith('TS'), 'AB', /^应以「TS」开头$/],
    ['one allowed value', z.literal(true), false, /^应为 是$/],
    ['one of several values', z.enum(['一般问题', '严重事故隐患']), 'x', /^应为以下之一：「一般问题」、「严重事故隐患」$/],
    ['a key of a record', z.record(z.enum(['a']), z.number()), { b: 1 }, /./],
    ['an element of a set', z.set(z.number()), new Set(['x']), /./],
    ['a multiple', z.number().multipleOf(5), 7, /5 的倍数/],
    ['a union', z.union([z.number(), z.boolean()]), 'x', /./],
    ['a refinement without a message', z.string().refine(() => false), 'x', /./],
  ])('%s', (_name, schema, input, expected) => {
    const message = firstMessage(schema, input);
    expect(message).toMatch(expected);
    expectChinese(message);
  });

  it('cuts long keys and values short instead of echoing them whole', () => {
    const message = firstMessage(z.strictObject({}), { ['k'.repeat(10_000)]: 1 });
    expect(message.length).toBeLessThan(100);
  });
});
