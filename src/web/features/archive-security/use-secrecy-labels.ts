/**
 * The company's names of the secrecy levels (SEC-5, e.g. 核心商密 / 普通商密), wherever a level is
 * shown. A name the company left at its default reads in the user's language; a renamed one as named.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { secrecyLevels } from '../../../contract/customers.js';
import { call } from '../../api.js';

export type SecrecyLevel = (typeof secrecyLevels)[number];
export const secrecyLabelsKey = ['settings', 'secrecy-labels'] as const;

/** The server's defaults (settings.service.ts): a label equal to these was never renamed. */
const serverDefaults: Record<SecrecyLevel, string> = { none: '普通', secret: '秘密', confidential: '机密', top_secret: '绝密' };

export const useSecrecyLabelsQuery = () =>
  useQuery({ queryKey: secrecyLabelsKey, queryFn: () => call('getSecrecyLabels'), staleTime: 5 * 60_000 });

export const useSecrecyLabel = (): ((level: SecrecyLevel | string) => string) => {
  const { t, i18n } = useTranslation();
  const labels = useSecrecyLabelsQuery().data;
  return (level) => {
    const own = labels?.[level as SecrecyLevel];
    const translated = t(`customers.secrecyLevel.${level}` as never, { defaultValue: level });
    if (!own) return translated;
    if (own === serverDefaults[level as SecrecyLevel] && !i18n.language.startsWith('zh')) return translated;
    return own;
  };
};
