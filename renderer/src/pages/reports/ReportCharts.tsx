/**
 * The annex charts of 附件4 on the page: the same ECharts options the PDF annex renders on
 * the server (forms/attachment4-sheet.ts), drawn here with ECharts' SVG renderer, which
 * keeps text sharp at any zoom and needs no canvas fonts.
 */
import { useEffect, useRef } from 'react';
import { Col, Empty, Row } from 'antd';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { Attachment4Report } from '../../../../core/contract/reports';
import { districtChartOption, indicatorChartOption, scoreChartOption, type ChartOption } from '../../../../forms/attachment4-sheet';

echarts.use([BarChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

function Chart({ option, height, label }: { option: ChartOption; height: number; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  // The options are plain data (no functions): their text decides when to redraw, not each render.
  const json = JSON.stringify(option);
  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const chart = echarts.init(el, undefined, { renderer: 'svg' });
    chart.setOption(JSON.parse(json) as ChartOption);
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, [json]);
  return <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height }} />;
}

export function ReportCharts({ charts }: { charts: Attachment4Report['charts'] }) {
  const inspected = charts.scoreBands.reduce((n, b) => n + b.count, 0);
  if (inspected === 0 && !charts.byDistrict?.some((d) => d.inspectedAgencies > 0))
    return <Empty description="本期间内没有已签署的监督检查记录，暂无图表。" />;
  return (
    <Row gutter={16}>
      <Col span={12}>
        <Chart label="受检机构得分分布" height={280} option={scoreChartOption(charts.scoreBands)} />
      </Col>
      <Col span={12}>
        <Chart label="一级指标平均得分率" height={280} option={indicatorChartOption(charts.indicatorRates)} />
      </Col>
      {charts.byDistrict && (
        <Col span={24}>
          <Chart label="各区检查情况" height={320} option={districtChartOption(charts.byDistrict)} />
        </Col>
      )}
    </Row>
  );
}
