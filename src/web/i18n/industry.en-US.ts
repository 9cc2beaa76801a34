/** Industry (GB/T 4754-2017, ARC-1): the picker's words. */
import type { industryZhCN } from './industry.zh-CN.js';

export const industryEnUS: Record<keyof typeof industryZhCN, string> = {
  placeholder: 'Pick a section / division, or search by name or code',
  filterPlaceholder: 'Industry (section or division)',
  hint: 'Industrial classification for national economic activities, GB/T 4754-2017',
};
