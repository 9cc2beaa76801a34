/** Turning API problems into what a user reads: a translated message per code, the server's detail, field errors on their fields. */
import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { isApiError } from '../api.js';
import { currentLanguage } from '../i18n/index.js';
import { fieldErrorText, localizeDetail, localizeFieldError } from '../i18n/server-text.js';

export type ErrorText = { title: string; detail: string | undefined };

export const describeError = (error: unknown, t: TFunction): ErrorText => {
  if (isApiError(error)) {
    const title = t(`errors.${error.code}`);
    // A stale version's detail only repeats the title with a version number.
    let detail = error.detail && error.code !== 'stale_version' ? localizeDetail(error.detail) : undefined;
    // a detail with no Chinese text yet reads from its coded field errors instead (issue 17 item 5: upload refusals…)
    if (detail !== undefined && detail === error.detail && currentLanguage() === 'zh-CN') {
      const coded = error.errors.map((e) => { const text = fieldErrorText(e, 'zh-CN'); return text === null ? null : e.path && e.path !== 'file' ? `${e.path}：${text}` : text; }).filter((x): x is string => x !== null);
      if (coded.length > 0 && coded.length === error.errors.length) detail = coded.join('；');
    }
    return { title, detail };
  }
  return { title: t('errors.internal'), detail: error instanceof Error ? error.message : undefined };
};

/** One line for a toast: the server's detail when it has one (it is the more specific), else the code's message. */
export const errorLine = (error: unknown, t: TFunction): string => {
  const { title, detail } = describeError(error, t);
  return detail ?? title;
};

/** `body.roles.0` → `roles`: the form field a server error path belongs to. */
export const fieldOfPath = (path: string): string => {
  const parts = path.replace(/^\//, '').split(/[./]/).filter(Boolean);
  if (parts[0] === 'body' || parts[0] === 'query' || parts[0] === 'params') parts.shift();
  return parts[0] ?? '';
};

/**
 * Puts each server field error on the matching form field. Returns how many were placed and the
 * ones that matched no field, so the caller can show those elsewhere.
 */
export const applyFieldErrors = <T>(
  form: FormInstance<T>,
  error: unknown,
  fields: readonly string[],
): { placed: number; unmatched: string[] } => {
  if (!isApiError(error)) return { placed: 0, unmatched: [] };
  const byField = new Map<string, string[]>();
  const unmatched: string[] = [];
  for (const e of error.errors) {
    const field = fieldOfPath(e.path);
    const message = localizeFieldError(e);
    if (fields.includes(field)) byField.set(field, [...(byField.get(field) ?? []), message]);
    // `version` is the optimistic lock: the stale_version title already says it all.
    else if (field !== 'version') unmatched.push(e.path ? `${e.path}: ${message}` : message);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name: name as never, errors })));
  return { placed: byField.size, unmatched };
};
