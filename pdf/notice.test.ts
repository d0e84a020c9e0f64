import { describe, expect, it } from 'vitest';
import { buildNotice, NOTICE_TITLE } from './notice';
import { sampleNotice } from '../test/support/pdf-fixtures';
import { renderPdf } from './render';
import { pdfRawText } from './testing/poppler';

const squash = (s: string): string => s.replace(/\s+/g, '');

describe('整改通知书 PDF', () => {
  it('addresses the agency and lists every finding with its item, severity and deadline', async () => {
    const model = sampleNotice();
    const raw = squash(pdfRawText(await renderPdf(buildNotice(model).definition)));
    expect(raw).toContain(NOTICE_TITLE);
    expect(raw).toContain('沪市监特整〔2024〕第0912号');
    expect(raw).toContain('上海市特种设备监督检验技术研究院：');
    expect(raw).toContain('于2024-09-12对你单位开展了专项监督检查');
    model.findings.forEach((f, i) => {
      expect(raw).toContain(`${i + 1}${squash(f.description).slice(0, 10)}`);
      expect(raw).toContain(f.deadline);
    });
    expect(raw).toContain('第2项检验、检测设备');
    expect(raw).toContain('严重事故隐患');
    expect(raw).toContain('王𠮷');
    expect(raw).toContain('被检查机构签收人');
    expect(raw).toContain('第1页共1页');
  });

  it('refuses a notice without findings, or with a finding missing its deadline', () => {
    const none = sampleNotice();
    none.findings = [];
    expect(() => buildNotice(none)).toThrow(/没有记录需要整改的问题/);
    const bad = sampleNotice();
    (bad.findings[0] as { deadline: string }).deadline = '下周';
    expect(() => buildNotice(bad)).toThrow(/第 1 个问题的整改期限“下周”不是 YYYY-MM-DD/);
  });
});
