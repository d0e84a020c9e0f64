import { sha256Hex } from '../../bundle/canonical';
import type { BundleHeaderInput, BundlePayload } from '../../bundle/format';

/**
 * A realistic one-inspection payload (one agency, one signed inspection with its 42
 * attachment-3 item scores, findings, a revision, signatures and an audit chain) for
 * tests, the benchmark and the example in docs/bundle-format.md. Deterministic for a
 * given index, so each bundle in a batch is different but reproducible.
 */

const CATEGORIES = ['基本条件', '质量管理', '检验检测工作', '安全管理', '信息化', '创新特色'];

function id(index: number, kind: number, n = 0): string {
  // A fixed UUID v7-shaped id: version 7, variant 10.
  const h = (index * 1_000 + kind * 100 + n).toString(16).padStart(12, '0');
  return `01900000-0000-7000-8000-${h}`;
}

export function sampleInspector(): BundleHeaderInput['inspector'] {
  return { name: '王立新', badgeNo: '31010020240017', unit: '上海市市场监督管理局特种设备安全监察处' };
}

export function samplePayload(index = 0, options: { evidence?: Uint8Array[] } = {}): BundlePayload {
  const agencyId = id(index, 1);
  const inspectionId = id(index, 2);
  const items = Array.from({ length: 42 }, (_, i) => ({
    no: i + 1,
    category: CATEGORIES[Math.min(5, Math.floor(i / 8))],
    score: (i * 7 + index) % 5 === 0 ? 1.5 : 2,
    maxScore: 2,
    clause: `${Math.floor(i / 8) + 1}.${(i % 8) + 1}`,
    note: (i + index) % 6 === 0 ? '抽查记录中部分报告签字日期早于检验日期，已要求整改。' : '',
  }));
  const total = items.reduce((sum, item) => sum + item.score, 0);
  const snapshot = {
    inspectionId,
    templateVersion: 'notice-2024-317/attachment3@1',
    items,
    total,
    findings: [
      { no: 1, clause: '2.3', text: '质量手册未按新版规则修订。', severity: '一般' },
      { no: 2, clause: '3.5', text: `第 ${index + 1} 号抽查报告缺少复核人签字。`, severity: '一般' },
    ],
    signatures: [
      { role: '检查人员', name: '王立新', signedAt: '2024-06-01T07:30:00.000Z', imageSha256: sha256Hex(`sig-a-${index}`) },
      { role: '被检查机构负责人', name: '李建国', signedAt: '2024-06-01T07:35:00.000Z', imageSha256: sha256Hex(`sig-b-${index}`) },
    ],
  };
  const evidence = (options.evidence ?? []).map((bytes) => ({
    sha256: sha256Hex(bytes),
    mediaType: 'image/jpeg',
    base64: Buffer.from(bytes).toString('base64'),
  }));
  let prev = '0'.repeat(64);
  const audit = ['创建检查任务', '录入评分', '录入问题', '签署'].map((action, seq) => {
    const entry = { seq: seq + 1, actor: '王立新', at: `2024-06-01T0${seq + 3}:00:00.000Z`, action, prevHash: prev };
    prev = sha256Hex(JSON.stringify(entry));
    return { ...entry, hash: prev };
  });
  return {
    agencies: [
      {
        id: agencyId,
        name: `上海市第${index + 1}特种设备检验检测有限公司`,
        creditCode: '91310000MA1FL0XX3K',
        district: '浦东新区',
        address: '上海市浦东新区张江路 100 号',
        contact: { name: '李建国', phone: '021-5000' + String(1000 + (index % 9000)) },
      },
    ],
    inspections: [
      {
        id: inspectionId,
        agencyId,
        kind: 'agency',
        type: '证后监督检查',
        inspectedOn: '2024-06-01',
        inspectors: [
          { name: '王立新', badgeNo: '31010020240017' },
          { name: '赵敏', badgeNo: '31010020240023' },
        ],
        spotCheck: index % 2 === 0,
        revisions: [{ no: 1, parentSha256: null, sha256: sha256Hex(JSON.stringify(snapshot)), signedAt: '2024-06-01T07:35:00.000Z', snapshot }],
        personnel: [
          { name: '陈工', role: '检验员', certificateNo: 'TS-2023-0001', checked: true },
          { name: '刘工', role: '审核员', certificateNo: 'TS-2023-0002', checked: true },
        ],
        selfCheck: [{ no: 1, item: '资质证书在有效期内', result: '符合' }],
        evidenceSha256: evidence.map((e) => e.sha256),
        audit,
      },
    ],
    evidence,
  };
}
