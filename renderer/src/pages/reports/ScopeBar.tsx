/** 填报单位 and 统计期间 of the 报表 page: the unit, the two reporting halves of a year, 全年, or any range. */
import { DatePicker, Flex, Radio, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { INSPECTING_UNITS, inspectingUnitName, type InspectingUnit } from '../../../../forms/districts';
import { PRESET_LABELS, presetOf, presetPeriod, type Period, type PeriodPreset } from './periods';

export interface Scope extends Period {
  unit: InspectingUnit;
}

export function ScopeBar({ scope, onChange, showUnit = true }: { scope: Scope; onChange(scope: Scope): void; showUnit?: boolean }) {
  const { preset, year } = presetOf(scope);
  const thisYear = dayjs().year();
  const years = Array.from({ length: 4 }, (_, i) => thisYear - i);
  if (!years.includes(year)) years.push(year);

  const choose = (p: PeriodPreset, y: number) => {
    if (p === 'custom') return;
    onChange({ ...scope, ...presetPeriod(p, y) });
  };

  return (
    <Flex gap={12} wrap align="center" className="report-scope">
      {showUnit && (
        <Select<InspectingUnit>
          aria-label="填报单位"
          style={{ width: 230 }}
          value={scope.unit}
          showSearch={{ optionFilterProp: 'label' }}
          onChange={(unit) => onChange({ ...scope, unit })}
          options={INSPECTING_UNITS.map((u) => ({ value: u, label: inspectingUnitName(u) }))}
        />
      )}
      <Select<number>
        aria-label="年度"
        style={{ width: 96 }}
        value={year}
        onChange={(y) => choose(preset === 'custom' ? 'year' : preset, y)}
        options={years.sort((a, b) => b - a).map((y) => ({ value: y, label: `${y}年` }))}
      />
      <Radio.Group
        aria-label="统计期间"
        optionType="button"
        value={preset}
        onChange={(e) => choose(e.target.value as PeriodPreset, year)}
        options={(['first', 'second', 'year'] as const).map((p) => ({ value: p, label: PRESET_LABELS[p] })).concat([{ value: 'custom' as never, label: PRESET_LABELS.custom }])}
      />
      <DatePicker.RangePicker
        aria-label="统计期间起止日期"
        allowClear={false}
        value={[dayjs(scope.from), dayjs(scope.to)]}
        onChange={(range) => {
          const [a, b] = range ?? [];
          if (a && b) onChange({ ...scope, from: a.format('YYYY-MM-DD'), to: b.format('YYYY-MM-DD') });
        }}
      />
      <Typography.Text type="secondary">起止日期均含当日</Typography.Text>
    </Flex>
  );
}
