import { create } from 'qrcode';
import { describe, expect, it } from 'vitest';
import type { CanvasRect } from 'pdfmake/interfaces';
import { qrCanvas, qrMatrix, qrRuns, QUIET_ZONE } from './qr';

describe('QR code', () => {
  const code = `DUCHA1:0190f3c2-7a1b-7c3d-9e4f-5a6b7c8d9e0f:2:${'c0'.repeat(32)}`;

  it('draws exactly the modules the qrcode encoder computed', () => {
    const m = qrMatrix(code);
    const reference = create(code, { errorCorrectionLevel: 'M' }).modules;
    expect(m.size).toBe(reference.size);
    const grid = Array.from({ length: m.size }, () => Array<boolean>(m.size).fill(false));
    for (const r of qrRuns(m)) for (let i = 0; i < r.length; i++) (grid[r.row] as boolean[])[r.col + i] = true;
    for (let r = 0; r < m.size; r++) {
      for (let c = 0; c < m.size; c++) expect(grid[r]?.[c], `${r},${c}`).toBe(reference.get(r, c) === 1);
    }
  });

  it('scales the runs into a square of the requested size with a 4-module quiet zone', () => {
    const m = qrMatrix(code);
    const rects = qrCanvas(code, 62).canvas as CanvasRect[];
    expect(rects).toHaveLength(qrRuns(m).length);
    const k = 62 / (m.size + 2 * QUIET_ZONE);
    for (const r of rects) {
      expect(r.x).toBeGreaterThanOrEqual(QUIET_ZONE * k - 1e-9);
      expect(r.x + r.w).toBeLessThanOrEqual(62 - QUIET_ZONE * k + 1e-9);
      expect(r.color).toBe('#000000');
    }
  });
});
