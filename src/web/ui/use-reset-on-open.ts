/**
 * A modal form keeps its store between openings; reset it to the current `initialValues` each
 * time the modal opens, so one dialog's values never leak into the next.
 */
import type { FormInstance } from 'antd';
import { useEffect } from 'react';

export const useResetOnOpen = <T>(form: FormInstance<T>, open: boolean): void => {
  useEffect(() => {
    if (open) form.resetFields();
  }, [form, open]);
};
