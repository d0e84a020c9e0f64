/**
 * PDF rendering: a full 附件3 and a 500-person 附件2, cold (first document of a
 * fresh process: fonts read and parsed, code not yet optimised) and warm, each beside bare
 * pdfmake rendering the same document definition in the same run with the same fonts given
 * as files, the way pdfmake is normally used in Node.
 *
 * "Ours" is the whole path a user waits for — building the definition from the print model
 * (coverage split, seal, QR) plus rendering with the once-parsed fonts; "bare" is only
 * pdfmake's createPdf + getBuffer on a definition built beforehand.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { buildAttachment2 } from '../pdf/attachment2';
import { buildAttachment3 } from '../pdf/attachment3';
import { sampleAttachment2, sampleAttachment3 } from '../test/support/pdf-fixtures';
import { baselineFontDictionary, defaultFontSet } from '../pdf/fonts';
import { getPdfmake } from '../pdf/pdfmake';
import { renderPdf } from '../pdf/render';
import { summarize, type BenchTable } from './table';

type Doc = 'attachment3' | 'attachment2';
type Who = 'ours' | 'bare';

const WARM_ROUNDS = { attachment3: 15, attachment2: 7 } as const;
const COLD_RUNS = 4;

function build(doc: Doc): TDocumentDefinitions {
  return doc === 'attachment3'
    ? buildAttachment3(sampleAttachment3()).definition
    : buildAttachment2(sampleAttachment2(500)).definition;
}

async function ours(doc: Doc): Promise<Buffer> {
  return renderPdf(build(doc));
}

/** pdfmake mutates the definition it lays out, so every bare run gets a fresh one, built untimed. */
async function bare(definition: TDocumentDefinitions): Promise<Buffer> {
  const pdfmake = getPdfmake();
  pdfmake.setFonts(baselineFontDictionary(defaultFontSet()));
  return pdfmake.createPdf(definition).getBuffer();
}

/** One timed render of `who` on `doc`, in this process. */
async function timeOnce(who: Who, doc: Doc): Promise<number> {
  if (who === 'ours') {
    const t0 = performance.now();
    await ours(doc);
    return performance.now() - t0;
  }
  const definition = build(doc);
  const t0 = performance.now();
  await bare(definition);
  return performance.now() - t0;
}

/** Warm: after warm-up, ours and bare alternate round by round so machine load hits both alike. */
async function warm(doc: Doc): Promise<{ ours: number[]; bare: number[] }> {
  for (let i = 0; i < 3; i++) {
    await timeOnce('ours', doc);
    await timeOnce('bare', doc);
  }
  const out = { ours: [] as number[], bare: [] as number[] };
  for (let r = 0; r < WARM_ROUNDS[doc]; r++) {
    out.ours.push(await timeOnce('ours', doc));
    out.bare.push(await timeOnce('bare', doc));
  }
  return out;
}

const SELF = fileURLToPath(import.meta.url);
const CHILD_FLAG = '--pdf-bench-child';

/** Cold: the first document of a fresh Node process (module loading itself not counted). */
function cold(who: Who, doc: Doc): number[] {
  const out: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', SELF, CHILD_FLAG, who, doc], { encoding: 'utf8' });
    const ms = Number(/COLD_MS=([\d.]+)/.exec(stdout)?.[1]);
    if (!Number.isFinite(ms)) throw new Error(`基准子进程没有给出耗时：${stdout}`);
    out.push(ms);
  }
  return out;
}

function row(name: string, mine: number[], base: number[], baseName: string, target: string): BenchTable['rows'][number] {
  const m = summarize(mine);
  const b = summarize(base);
  return { name, median: m.median, p95: m.p95, unit: 'ms', baseline: { name: baseName, ...b }, target };
}

export async function benchPdf(): Promise<BenchTable> {
  const a3 = await warm('attachment3');
  const a2 = await warm('attachment2');
  return {
    title: 'PDF 打印：附件3 全表与 500 人附件2，本引擎（建模 + 渲染）对比同一文档定义的裸 pdfmake',
    rows: [
      row('附件3 warm (build + render)', a3.ours, a3.bare, 'bare pdfmake, font files', '≤ 250 ms, ≤ 1.2× bare'),
      row('附件3 cold (fresh process)', cold('ours', 'attachment3'), cold('bare', 'attachment3'), 'bare pdfmake, fresh process', ''),
      row('附件2 500 persons warm', a2.ours, a2.bare, 'bare pdfmake, font files', '≤ 1.5 s, ≤ 1.2× bare'),
      row('附件2 500 persons cold', cold('ours', 'attachment2'), cold('bare', 'attachment2'), 'bare pdfmake, fresh process', ''),
    ],
  };
}

// Child mode for the cold rows: `node --import tsx bench/pdf.ts --pdf-bench-child ours attachment3`.
if (process.argv[1] === SELF && process.argv[2] === CHILD_FLAG) {
  const who = process.argv[3] as Who;
  const doc = process.argv[4] as Doc;
  console.log(`COLD_MS=${await timeOnce(who, doc)}`);
}
