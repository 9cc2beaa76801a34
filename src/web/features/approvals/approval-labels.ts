/** How approvals, access requests and their parts read: state colours, durations, roles, field groups. */
import type { TFunction } from 'i18next';
import type { ApprovalState, ApprovalType } from '../../../contract/approvals.js';
import type { FieldGroup } from '../../../contract/access.js';
import type { AccessRequest } from '../../../contract/approvals.js';

export const approvalStateColor: Record<ApprovalState, string> = { pending: 'processing', approved: 'success', rejected: 'error', withdrawn: 'default', expired: 'warning' };
export const requestStateColor: Record<AccessRequest['state'], string> = {
  pending: 'processing', active: 'success', rejected: 'error', withdrawn: 'default', expired: 'warning', ended: 'default', returned: 'default',
};

export const approvalTypeLabel = (t: TFunction, type: ApprovalType | string): string => t(`security.approvalTypes.${type}` as never, { defaultValue: type });
export const approvalStateLabel = (t: TFunction, state: string): string => t(`security.approvalStates.${state}` as never, { defaultValue: state });
export const requestStateLabel = (t: TFunction, state: string): string => t(`security.requestStates.${state}` as never, { defaultValue: state });
export const roleLabel = (t: TFunction, role: string): string => t(`roles.${role}` as never, { defaultValue: role });
export const groupLabel = (t: TFunction, group: FieldGroup | string): string => t(`security.groups.${group}` as never, { defaultValue: group });
export const groupList = (t: TFunction, groups: readonly string[]): string => groups.map((g) => groupLabel(t, g)).join('、');

/** 90 → "90 分钟", 120 → "2 小时", 2880 → "2 天". */
export const formatDuration = (t: TFunction, minutes: number): string => {
  if (minutes >= 1440 && minutes % 1440 === 0) return t('security.duration.days', { count: minutes / 1440 });
  if (minutes >= 60 && minutes % 60 === 0) return t('security.duration.hours', { count: minutes / 60 });
  return t('security.duration.minutes', { count: minutes });
};

/** Summaries and notification titles are written by the server in Chinese with field-group keys: show the keys as labels. */
export const readableSummary = (t: TFunction, text: string): string =>
  text.replace(/\b(basic|contacts|personal|financial|documents|evaluation)\b/g, (g) => groupLabel(t, g));
