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

/**
 * The units that inspect and report: 市局 (上海市市场监督管理局, its 特种设备安全监察处) and the
 * bureau of each district or of 临港新片区. An inspection records the unit that made it; a
 * 附件4 report is made by one of them (市局's covers the whole city).
 */
export const CITY_UNIT = '市局';
export const INSPECTING_UNITS = [CITY_UNIT, ...DISTRICTS] as const;
export type InspectingUnit = (typeof INSPECTING_UNITS)[number];

const UNIT_SET: ReadonlySet<string> = new Set(INSPECTING_UNITS);

export function isInspectingUnit(value: unknown): value is InspectingUnit {
  return typeof value === 'string' && UNIT_SET.has(value);
}

/** The unit's name as a form prints it (附件4 单位名称, the 盖章 line). */
export function inspectingUnitName(unit: InspectingUnit): string {
  if (unit === CITY_UNIT) return '上海市市场监督管理局';
  if (unit === '临港新片区') return '临港新片区市场监管局';
  return `${unit}市场监管局`;
}

/**
 * The unit a free-text 所在单位 names, for profiles and records made before the unit was
 * chosen from the list: a district's name in the text names that district's bureau, 上海市市场
 * 监督管理局 (or 市局) the city's. Null when the text names none or more than one.
 */
export function unitFromName(text: string): InspectingUnit | null {
  const found = DISTRICTS.filter((d) => text.includes(d) || text.includes(d.replace(/区$/, '')));
  if (found.length === 1) return found[0] ?? null;
  if (found.length === 0 && /上海市市场监督管理局|上海市市场监管局|市局/.test(text)) return CITY_UNIT;
  return null;
}
