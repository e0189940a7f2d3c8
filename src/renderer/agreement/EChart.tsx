import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { init, use, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what the agreement plots draw, so the renderer bundle carries a fraction of ECharts.
use([BarChart, LineChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent, VisualMapComponent, DataZoomComponent, SVGRenderer]);

/** The dark theme's text and lines, over the plain options the report draws on white. */
const DARK = { backgroundColor: 'transparent', textStyle: { color: '#cbd5e1' } };

/** One ECharts chart of plain options (src/core/agreementPlots), resized with its panel. */
export function EChart({ option, height, testId }: { option: Record<string, unknown>; height: number; testId: string }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  useEffect(() => {
    const el = element.current!;
    const c = (chart.current = init(el, null, { renderer: 'svg' }));
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ ...option, ...DARK }, true);
  }, [option]);
  return <div ref={element} className="echart" style={{ height }} data-testid={testId} />;
}
