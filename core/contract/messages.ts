/**
 * The Chinese words for zod's own messages: what a caller reads when a schema has no
 * message of its own for a check (`.max(50)`, `.strict()`, `z.number()`...).
 *
 * zod's zh-CN locale is the base. It still writes zod's English type and origin names
 * ("数值过大：期望 string <=50 字符", "实际接收 string", "出现未知的键(key)"), so the
 * issues whose wording carries those are phrased here; the rest keep the stock text.
 * The field itself is named by the error's path, so these messages say only what is wrong.
 * Pure: no Node, no DOM.
 */
import { z } from 'zod';

const TYPE_NAMES: Record<string, string> = {
  string: '文字',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '是或否',
  date: '日期',
  array: '列表',
  tuple: '列表',
  set: '集合',
  object: '一组字段',
  record: '一组字段',
  map: '一组字段',
  file: '文件',
  null: '空值',
  undefined: '空',
  void: '空',
  never: '无',
  nan: '非数字',
  symbol: '符号',
  function: '函数',
};

const FORMAT_NAMES: Record<string, string> = {
  email: '电子邮箱地址',
  url: '网址',
  uuid: '编号',
  uuidv4: '编号',
  uuidv6: '编号',
  uuidv7: '编号',
  guid: '编号',
  cuid: '编号',
  cuid2: '编号',
  ulid: '编号',
  xid: '编号',
  ksuid: '编号',
  nanoid: '编号',
  datetime: '日期时间',
  date: '日期',
  time: '时间',
  duration: '时长',
  ipv4: '网络地址',
  ipv6: '网络地址',
  cidrv4: '网段',
  cidrv6: '网段',
  mac: '网卡地址',
  base64: '编码',
  base64url: '编码',
  hex: '十六进制数',
  e164: '电话号码',
  emoji: '表情符号',
  jwt: '令牌',
  json_string: '数据文本',
};

/** At most this many keys or allowed values are listed, each cut to this many characters. */
const MAX_LISTED = 8;
const MAX_LISTED_CHARS = 40;

function typeName(t: string): string {
  return TYPE_NAMES[t] ?? '其他类型';
}

function receivedType(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (typeof input === 'number' && Number.isNaN(input)) return 'nan';
  if (input instanceof Date) return 'date';
  return typeof input;
}

function quote(text: string): string {
  const chars = [...text];
  return `「${chars.length > MAX_LISTED_CHARS ? `${chars.slice(0, MAX_LISTED_CHARS).join('')}…` : text}」`;
}

function valueText(v: unknown): string {
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v === null) return '空值';
  if (v === undefined) return '空';
  return String(v);
}

function listed(items: readonly unknown[], show: (v: unknown) => string): string {
  const shown = items.slice(0, MAX_LISTED).map(show).join('、');
  return items.length > MAX_LISTED ? `${shown} 等 ${items.length} 个` : shown;
}

function bound(value: number | bigint, origin: string): string {
  return origin === 'date' ? new Date(Number(value)).toISOString().slice(0, 10) : value.toString();
}

const stock = z.locales.zhCN().localeError;

/** The error map given to z.config: Chinese for every issue zod raises without a message. */
export const chineseErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = typeName(issue.expected);
      if (issue.input === undefined) return `缺少此项（应为${expected}）`;
      return `类型不正确：应为${expected}，收到的是${typeName(receivedType(issue.input))}`;
    }
    case 'too_big': {
      const max = bound(issue.maximum, issue.origin);
      switch (issue.origin) {
        case 'string':
          return issue.exact ? `应为 ${max} 个字符` : issue.inclusive ? `不能超过 ${max} 个字符` : `应少于 ${max} 个字符`;
        case 'array':
        case 'set':
          return issue.exact ? `应为 ${max} 项` : issue.inclusive ? `最多 ${max} 项` : `应少于 ${max} 项`;
        case 'file':
          return issue.inclusive ? `文件不能超过 ${max} 字节` : `文件应小于 ${max} 字节`;
        case 'date':
          return issue.inclusive ? `不能晚于 ${max}` : `应早于 ${max}`;
        default:
          return issue.inclusive ? `不能大于 ${max}` : `应小于 ${max}`;
      }
    }
    case 'too_small': {
      const min = bound(issue.minimum, issue.origin);
      switch (issue.origin) {
        case 'string':
          if (issue.exact) return `应为 ${min} 个字符`;
          if (issue.inclusive && Number(issue.minimum) === 1) return '不能为空';
          return issue.inclusive ? `至少 ${min} 个字符` : `应多于 ${min} 个字符`;
        case 'array':
        case 'set':
          if (issue.exact) return `应为 ${min} 项`;
          return issue.inclusive ? `至少 ${min} 项` : `应多于 ${min} 项`;
        case 'file':
          return issue.inclusive ? `文件不能小于 ${min} 字节` : `文件应大于 ${min} 字节`;
        case 'date':
          return issue.inclusive ? `不能早于 ${min}` : `应晚于 ${min}`;
        default:
          return issue.inclusive ? `不能小于 ${min}` : `应大于 ${min}`;
      }
    }
    case 'invalid_format': {
      const format = issue.format;
      if (format === 'starts_with' && 'prefix' in issue) return `应以${quote(String(issue.prefix))}开头`;
      if (format === 'ends_with' && 'suffix' in issue) return `应以${quote(String(issue.suffix))}结尾`;
      if (format === 'includes' && 'includes' in issue) return `应包含${quote(String(issue.includes))}`;
      const name = FORMAT_NAMES[format];
      return name ? `${name}格式不正确` : '格式不正确';
    }
    case 'invalid_value':
      if (issue.values.length === 1) return `应为 ${valueText(issue.values[0])}`;
      return `应为以下之一：${listed(issue.values, valueText)}`;
    case 'unrecognized_keys':
      return `含有不认识的字段：${listed(issue.keys, (k) => quote(String(k)))}。请去掉后重试`;
    case 'invalid_key':
      return '字段名不正确';
    case 'invalid_element':
      return '其中有一项不正确';
    default:
      // not_multiple_of, invalid_union, custom: the stock Chinese carries no English words.
      return stock(issue);
  }
};
