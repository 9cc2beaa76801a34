/**
 * Modal forms: every opening starts from the given values. Remounting alone is not enough: a
 * modal reopened during its closing animation keeps its mounted Form and that Form's store,
 * so the values are written into the store directly. `values` must name every field (use
 * `undefined` for empty ones) so nothing from the previous opening survives.
 */
import type { FormInstance } from 'antd';
import { useEffect, useRef } from 'react';

export const useFormValuesOnOpen = <T>(form: FormInstance<T>, open: boolean, values: Record<string, unknown>): void => {
  const latest = useRef(values);
  latest.current = values;
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(latest.current as never);
  }, [form, open]);
};
