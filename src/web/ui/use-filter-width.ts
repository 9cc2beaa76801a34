/** Filter controls: a fixed width on wide screens, the full row on a phone. */
import { Grid } from 'antd';
import type { CSSProperties } from 'react';

export const useFilterWidth = (): ((px: number) => CSSProperties) => {
  const phone = Grid.useBreakpoint().md === false;
  return (px) => (phone ? { width: '100%' } : { width: px });
};
