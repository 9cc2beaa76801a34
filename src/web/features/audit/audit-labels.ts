/** Translated names of audit actions and entity types; codes the client does not know show as sent. */
import type { TFunction, i18n as I18n } from 'i18next';

export const actionLabel = (action: string, t: TFunction, i18n: I18n): string | null => {
  const key = `auditActions.${action}`;
  return i18n.exists(key) ? t(key as never) : null;
};

export const entityLabel = (entityType: string | null, t: TFunction, i18n: I18n): string | null => {
  if (!entityType) return null;
  const key = `auditEntities.${entityType}`;
  return i18n.exists(key) ? t(key as never) : entityType;
};
