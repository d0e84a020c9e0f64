import { describe, expect, it } from 'vitest';
import { run } from './poppler';

describe('poppler helpers', () => {
  it('a missing poppler tool fails naming the Debian package to install', () => {
    expect(() => run('pdftotext-not-installed', ['-v'])).toThrow(/Debian 软件包 poppler-utils/);
  });

  it('pdftotext is installed here (CI installs poppler-utils)', () => {
    expect(run('pdftotext', ['-v']).length).toBeGreaterThanOrEqual(0);
  });
});
