/** Validation of custom field values against their definitions (ARC-1), pure. */
import type { CustomField } from '../../../contract/custom-fields.js';
import type { FieldError } from '../../../contract/errors.js';

export type CustomValue = string | number | string[] | null;

const isRealDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** Errors (path `custom.<key>`) for `values`; `creating` also checks that required fields are present. */
export function checkCustomValues(defs: readonly CustomField[], values: Record<string, CustomValue> | undefined, creating: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const byKey = new Map(defs.map((d) => [d.key, d]));
  for (const [key, v] of Object.entries(values ?? {})) {
    const d = byKey.get(key);
    const path = `custom.${key}`;
    if (!d || d.disabled) {
      errors.push({ path, message: 'is not a custom field of the archive', code: 'unknown_field' });
      continue;
    }
    if (v === null) {
      if (d.required) errors.push({ path, message: 'is required', code: 'required' });
      continue;
    }
    switch (d.type) {
      case 'text':
        if (typeof v !== 'string') errors.push({ path, message: 'must be text', code: 'invalid_type', params: { expected: 'string' } });
        break;
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) errors.push({ path, message: 'must be a number', code: 'invalid_type', params: { expected: 'number' } });
        break;
      case 'date':
        if (typeof v !== 'string' || !isRealDate(v)) errors.push({ path, message: 'must be a real date YYYY-MM-DD', code: 'invalid_format', params: { format: 'date' } });
        break;
      case 'single':
        if (typeof v !== 'string' || !d.options.includes(v)) errors.push({ path, message: `must be one of ${d.options.join(', ')}`, code: 'invalid_value', params: { values: [...d.options] } });
        break;
      case 'multi':
        if (!Array.isArray(v) || v.some((x) => !d.options.includes(x))) errors.push({ path, message: `must be a list of ${d.options.join(', ')}`, code: 'invalid_value', params: { values: [...d.options] } });
        break;
    }
  }
  if (creating) for (const d of defs) if (d.required && !d.disabled && (values?.[d.key] === undefined || values[d.key] === null)) errors.push({ path: `custom.${d.key}`, message: 'is required', code: 'required' });
  return errors;
}
