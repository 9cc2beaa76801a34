/**
 * ARC-1 custom fields on the archive form: what the form sends. Empty values become null (clearing
 * a field clears it), a new archive leaves unset fields out, and an edit sends `custom` only when a
 * value on the form changed.
 */
import { describe, expect, it } from 'vitest';
import type { Customer } from '../../../contract/customers.js';
import { toChanges, toCreateBody, toFormValues } from '../customers/customer-form.js';
import { customBody, formatCustomValue } from './use-custom-fields.js';

describe('ARC-1 custom field values on the archive form', () => {
  it('ARC-1 empty text, an empty choice list and a cleared number become null; values are trimmed', () => {
    expect(customBody({ a: '  x ', b: '', c: [], d: ['甲', '乙'], e: 3, f: null, g: undefined })).toEqual({ a: 'x', b: null, c: null, d: ['甲', '乙'], e: 3, f: null, g: null });
  });

  it('ARC-1 a new archive sends only the custom values that were filled in', () => {
    const values = { ...toFormValues(undefined), name: '自定义字段测试有限公司', custom: { region2: '华南', budget: null, lines: [] } };
    expect(toCreateBody(values).custom).toEqual({ region2: '华南' });
    expect(toCreateBody({ ...toFormValues(undefined), name: '甲', custom: { budget: null } })).not.toHaveProperty('custom');
  });

  it('ARC-1 an edit sends custom only when a value on the form changed, and then the fields on the form', () => {
    const original = { id: '1', name: '甲公司', customerType: 'direct', secrecyLevel: 'none', filedOn: '2026-01-01', custom: { level: '一级', old: '停用字段的值' } } as unknown as Customer;
    const unchanged = toFormValues(original);
    unchanged.custom = { level: '一级' }; // the form shows the active field only
    expect(toChanges(unchanged, original)).not.toHaveProperty('custom');
    const changed = { ...unchanged, custom: { level: '二级' } };
    expect(toChanges(changed, original)).toEqual({ custom: { level: '二级' } });
  });

  it('ARC-1 values read as text in the list and on the archive page', () => {
    expect(formatCustomValue(['甲', '乙'])).toBe('甲、乙');
    expect(formatCustomValue(null)).toBe('—');
    expect(formatCustomValue('')).toBe('—');
    expect(formatCustomValue(12.5)).toBe('12.5');
  });
});
