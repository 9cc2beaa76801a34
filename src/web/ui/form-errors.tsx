/**
 * Server problems in forms: field errors go onto their fields; anything else (409, 422, errors
 * for fields the form does not have) is shown in an alert above the form.
 */
import { Alert, type FormInstance } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, describeError } from './problem.js';

type Problem = { error: unknown; unmatched: string[] };

export const ProblemAlert = ({ error, unmatched = [], testId }: { error: unknown; unmatched?: string[]; testId?: string }) => {
  const { t } = useTranslation();
  const { title, detail } = describeError(error, t);
  const lines = [...(detail ? [detail] : []), ...unmatched];
  return (
    <Alert
      type="error"
      showIcon
      title={title}
      description={lines.length > 0 ? lines.map((l) => <div key={l}>{l}</div>) : undefined}
      style={{ marginBottom: 16 }}
      data-testid={testId}
    />
  );
};

export const useFormErrors = <T,>(form: FormInstance<T>, fields: readonly string[], testId?: string) => {
  const [problem, setProblem] = useState<Problem | null>(null);
  const onError = (error: unknown) => {
    const { placed, unmatched } = applyFieldErrors(form, error, fields);
    setProblem(placed > 0 && unmatched.length === 0 ? null : { error, unmatched });
  };
  const clear = () => setProblem(null);
  const alert = problem ? <ProblemAlert error={problem.error} unmatched={problem.unmatched} testId={testId} /> : null;
  return { onError, clear, alert };
};
