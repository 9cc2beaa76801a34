import { useEffect, useState } from 'react';

/** The value once it has stopped changing for `ms` (a search or a preview asked when typing pauses). */
export const useDebounced = <T,>(value: T, ms: number): T => {
  const [v, setV] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return v;
};
