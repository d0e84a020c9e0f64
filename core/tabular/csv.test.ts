import { describe, expect, it } from 'vitest';
import { decodeText, detectDelimiter, parseCsv } from './csv';
import { TABLE_LIMITS } from './limits';

describe('parseCsv (RFC 4180)', () => {
  it('splits fields and records, with CRLF, LF and lone CR', () => {
    expect(parseCsv('a,b\r\nc,d\ne,f\rg,h')).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f'], ['g', 'h']]);
  });

  it('keeps quoted delimiters, newlines and doubled quotes inside a field', () => {
    expect(parseCsv('"王喆,李堃","第一行\r\n第二行","说""是"""\n')).toEqual([['王喆,李堃', '第一行\r\n第二行', '说"是"']]);
  });

  it('keeps empty fields and every cell as text', () => {
    expect(parseCsv('001,,2024-07-01,\n')).toEqual([['001', '', '2024-07-01', '']]);
  });

  it('keeps characters outside the BMP intact', () => {
    expect(parseCsv('𠮷田花子,是')).toEqual([['𠮷田花子', '是']]);
  });

  it('refuses an unclosed quote, naming the record', () => {
    expect(() => parseCsv('a,b\n"c,d\ne,f')).toThrow(/第 2 行有一个引号/);
  });

  it('detects tab and semicolon delimiters', () => {
    expect(detectDelimiter('a\tb\tc\n1,2')).toBe('\t');
    expect(detectDelimiter('a;b;c')).toBe(';');
    expect(detectDelimiter('"a;b",c')).toBe(',');
  });
});

describe('parseCsv limits', () => {
  it('reads 50,000 rows and refuses the 50,001st', () => {
    expect(parseCsv('姓名,证书\n'.repeat(50_000))).toHaveLength(50_000);
    expect(() => parseCsv('姓名,证书\n'.repeat(50_001))).toThrow(/CSV 文件超过 50000 行，每个表格最多 50000 行/);
  });

  it('refuses a cell over 32,767 characters, naming where it is', () => {
    expect(parseCsv(`a,${'字'.repeat(32_767)}`)[0]?.[1]).toHaveLength(32_767);
    expect(() => parseCsv(`a,b\nc,"${'字'.repeat(32_768)}"`)).toThrow(/CSV 文件第 2 行第 2 列的单元格超过 32767 个字符的上限/);
  });

  it('refuses more cells than the limit', () => {
    expect(() => parseCsv(',,,,\n,,,,,\n', ',', { ...TABLE_LIMITS, maxCells: 10 })).toThrow(/CSV 文件的单元格超过 10 个的上限/);
  });
});

describe('decodeText', () => {
  it('honours a UTF-8 BOM and strips it', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0xe7, 0x8e, 0x8b]))).toEqual({ text: '王', encoding: 'utf-8' });
  });

  it('reads UTF-16 LE with BOM (Excel “Unicode 文本”)', () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from('𠮷,是', 'utf16le')]);
    expect(decodeText(bytes)).toEqual({ text: '𠮷,是', encoding: 'utf-16le' });
  });

  it('falls back to GB18030 when the bytes are not UTF-8', () => {
    // 张三,𠮷田 in GB18030 (iconv -t gb18030).
    const bytes = Buffer.from('d5c5c8fd2c9534b235ccef', 'hex');
    expect(decodeText(bytes)).toEqual({ text: '张三,𠮷田', encoding: 'gb18030' });
  });
});
