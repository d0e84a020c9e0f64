/**
 * Shanghai's 16 administrative districts plus 临港新片区.
 *
 * 临港新片区 is not an administrative district, but the notice (沪市监特种〔2024〕317号)
 * addresses 临港新片区市场监管局 alongside the 区市场监管局 as a separate reporting
 * unit for 附件4, so agencies under it must be filed there, not under 浦东新区.
 * Order follows the usual municipal listing (central districts first); UI
 * pickers and report groupings rely on it, so append rather than reorder.
 */
export const DISTRICTS = [
  '黄浦区',
  '徐汇区',
  '长宁区',
  '静安区',
  '普陀区',
  '虹口区',
  '杨浦区',
  '闵行区',
  '宝山区',
  '嘉定区',
  '浦东新区',
  '金山区',
  '松江区',
  '青浦区',
  '奉贤区',
  '崇明区',
  '临港新片区',
] as const;

export type District = (typeof DISTRICTS)[number];

const DISTRICT_SET: ReadonlySet<string> = new Set(DISTRICTS);

export function isDistrict(value: unknown): value is District {
  return typeof value === 'string' && DISTRICT_SET.has(value);
}
