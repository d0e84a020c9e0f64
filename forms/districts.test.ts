import { describe, expect, it } from 'vitest';
import { DISTRICTS, isDistrict } from './districts';
import { readNotice } from '../test/support/reference';


describe('DISTRICTS', () => {
  it('has the 16 Shanghai districts plus 临港新片区, no duplicates', () => {
    expect(DISTRICTS).toHaveLength(17);
    expect(new Set(DISTRICTS).size).toBe(17);
    expect(DISTRICTS.filter((d) => d.endsWith('区') && d !== '临港新片区')).toHaveLength(16);
    expect(DISTRICTS).toContain('浦东新区');
    expect(DISTRICTS).toContain('崇明区');
    expect(DISTRICTS[DISTRICTS.length - 1]).toBe('临港新片区');
  });

  it('isDistrict narrows only exact names', () => {
    expect(isDistrict('静安区')).toBe(true);
    expect(isDistrict('临港新片区')).toBe(true);
    expect(isDistrict('闸北区')).toBe(false); // merged into 静安区 in 2015
    expect(isDistrict('静安')).toBe(false);
    expect(isDistrict(' 静安区')).toBe(false);
    expect(isDistrict(7)).toBe(false);
    expect(isDistrict(undefined)).toBe(false);
  });

  it('临港新片区 is a reporting unit in the notice', () => {
    expect(readNotice()).toContain('临港新片区市场监管局');
  });
});
