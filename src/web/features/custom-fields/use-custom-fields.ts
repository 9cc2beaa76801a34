/** The archive's custom fields (ARC-1), read once per session and refreshed after an administrator's change. */
import { useQuery } from '@tanstack/react-query';
import type { CustomField } from '../../../contract/custom-fields.js';
import { call } from '../../api.js';

export const useCustomFields = () =>
  useQuery({ queryKey: ['custom-fields'], queryFn: async (): Promise<CustomField[]> => (await call('listCustomFields')).items, staleTime: 5 * 60_000 });

/** The fields in use: disabled ones are no longer shown or edited (their values stay stored). */
export const useActiveCustomFields = (): CustomField[] => (useCustomFields().data ?? []).filter((f) => !f.disabled);

export type CustomValue = string | number | string[] | null;

/** A custom value as text for lists and the archive page. */
export const formatCustomValue = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.length ? v.join('、') : '—';
  return String(v);
};

/** Form values of the custom section → the API's `custom` object (empty becomes null). */
export const customBody = (values: Record<string, unknown> | undefined): Record<string, CustomValue> =>
  Object.fromEntries(
    Object.entries(values ?? {}).map(([k, v]) => {
      if (typeof v === 'string') return [k, v.trim() === '' ? null : v.trim()];
      if (Array.isArray(v)) return [k, v.length ? (v as string[]) : null];
      return [k, typeof v === 'number' ? v : null];
    }),
  );
