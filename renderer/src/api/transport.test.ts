import { describe, expect, it } from 'vitest';
import { httpTransport, tokenFromHash } from './transport';

describe('renderer transport', () => {
  it('reads the token from the URL fragment only', () => {
    expect(tokenFromHash('#token=abcdefghijklmnopqrstuvwxyz_-0123')).toBe('abcdefghijklmnopqrstuvwxyz_-0123');
    expect(tokenFromHash('#x=1&token=abcdefghijklmnop1234')).toBe('abcdefghijklmnop1234');
    expect(tokenFromHash('#token=short')).toBeNull();
    expect(tokenFromHash('')).toBeNull();
  });

  it('sends the token as a bearer header to ./api/<method>', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fake = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ ok: true, value: [1] }), { status: 200 });
    }) as unknown as typeof fetch;
    const t = httpTransport('abcdefghijklmnop1234', fake);
    expect(await t.invoke('agencies/list', {})).toEqual({ ok: true, value: [1] });
    expect(calls[0]?.url).toBe('./api/agencies/list');
    expect((calls[0]?.init.headers as Record<string, string>).Authorization).toBe('Bearer abcdefghijklmnop1234');
  });

  it('explains in Chinese when the token is missing or the host is gone', async () => {
    const noToken = await httpTransport(null).invoke('agencies/list', {});
    expect(noToken).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const down = httpTransport('abcdefghijklmnop1234', (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch);
    const r = await down.invoke('agencies/list', {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('ducha serve');
  });
});
