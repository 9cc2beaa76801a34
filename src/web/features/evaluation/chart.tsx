/** A small ECharts wrapper (loaded with the evaluation pages only): one instance per element, new options replace the old, resizes with its container. */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts';

export const Chart = ({ option, height = 240, testId }: { option: echarts.EChartsCoreOption; height?: number; testId?: string }) => {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current);
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  const json = JSON.stringify(option);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [json]); // eslint-disable-line react-hooks/exhaustive-deps
  return <div ref={ref} style={{ width: '100%', height }} data-testid={testId} />;
};
