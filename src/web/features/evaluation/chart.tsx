/** A small ECharts wrapper (loaded with the evaluation pages only): resizes with its container. */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts';

export const Chart = ({ option, height = 240 }: { option: echarts.EChartsCoreOption; height?: number }) => {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current);
    chart.setOption(option);
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      chart.dispose();
    };
  }, [option]);
  return <div ref={ref} style={{ width: '100%', height }} />;
};
