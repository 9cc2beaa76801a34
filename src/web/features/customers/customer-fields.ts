/**
 * What the customer screens know about ARC-1 fields: their groups in the order of the 客户档案表,
 * how an enum value reads, how any field value is shown, and the form rules mirroring the contract.
 */
import type { FormRule as Rule } from 'antd';
import type { TFunction } from 'i18next';
import {
  companyNatures,
  customerCategories,
  customerSources,
  customerStages,
  customerStatuses,
  customerTypes,
  importanceLevels,
  industryPositions,
  lifecycles,
  secrecyLevels,
  tiers,
  type Customer,
} from '../../../contract/customers.js';
import { isValidCreditCode } from '../../../contract/credit-code.js';
import { formatDateTime } from '../../ui/format.js';
import { regionName } from '../../ui/regions.js';
import { industryLabel } from '../../../contract/industries.js';
import { currentLanguage } from '../../i18n/index.js';

/** Enum fields and their values; the label of value v of field f is `customers.<f>.<v>`. */
export const enumFields = {
  customerType: customerTypes,
  source: customerSources,
  secrecyLevel: secrecyLevels,
  companyNature: companyNatures,
  industryPosition: industryPositions,
  category: customerCategories,
  status: customerStatuses,
  stage: customerStages,
  importance: importanceLevels,
  lifecycle: lifecycles,
  tier: tiers,
} as const;
export type EnumField = keyof typeof enumFields;
export const isEnumField = (f: string): f is EnumField => f in enumFields;

export const enumLabel = (t: TFunction, field: EnumField, value: string): string =>
  t(`customers.${field}.${value}` as never, { defaultValue: value });

export const enumOptions = (t: TFunction, field: EnumField) =>
  enumFields[field].map((v) => ({ value: v, label: enumLabel(t, field, v) }));

export type FieldKey = keyof Customer & string;
export type GroupKey = 'basic' | 'contact' | 'profile' | 'position' | 'daily';

/** Field order of the 客户档案表, group by group. */
export const fieldGroups: Record<GroupKey, FieldKey[]> = {
  basic: ['archiveNo', 'filedOn', 'name', 'shortName', 'customerType', 'source', 'ownerName', 'secrecyLevel'],
  contact: ['address', 'postalCode', 'region', 'phone', 'fax', 'email', 'website', 'qq', 'wechat'],
  profile: [
    'creditCode', 'foundedOn', 'registeredCapital', 'shareholders', 'bankName', 'bankAccount',
    'employeeCount', 'domesticStaff', 'foreignStaff', 'companyNature', 'industryPosition', 'industryCode', 'industry',
    'mainBusiness', 'additionalBusiness', 'mainProducts', 'purchasedVarieties', 'downstreamMarket',
    'salesLast3Years', 'cooperationSince', 'orgStructure', 'relatedCompanies', 'culture', 'developments',
  ],
  position: ['creditGrade', 'tier', 'abcClass', 'advantages', 'disadvantages', 'countermeasures', 'potentialNeeds', 'remarks'],
  daily: ['category', 'status', 'stage', 'importance', 'tags'],
};

/** Every field shown anywhere, for history labels and the version compare. */
export const allFields: FieldKey[] = Object.values(fieldGroups).flat();

export const fieldLabel = (t: TFunction, field: string): string =>
  t(`customers.fields.${field}` as never, { defaultValue: field });

/** "40641000000.5" → "40,641,000,000.50": string arithmetic only, never a float. */
export const formatMoney = (amount: string | null | undefined): string => {
  if (amount === null || amount === undefined || amount === '') return '—';
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!m) return amount;
  const [, sign, whole = '0', frac = ''] = m;
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}.${(frac + '00').slice(0, Math.max(2, frac.length))}`;
};

/** Sum of decimal strings (≤ 4 decimals) using BigInt cents-of-cents; the result has 2 decimals. */
export const sumMoney = (amounts: readonly string[]): string => {
  let total = 0n;
  for (const a of amounts) {
    const m = /^(\d+)(?:\.(\d{1,4}))?$/.exec(a);
    if (!m) continue;
    total += BigInt(m[1]!) * 10000n + BigInt((m[2] ?? '').padEnd(4, '0'));
  }
  const cents = (total + 50n) / 100n;
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
};

/** Any stored field value as text, for the detail view, history and the compare. */
export const formatValue = (t: TFunction, field: string, value: unknown): string => {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(String).join('、');
  if (field === 'salesLast3Years' && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, string>).sort(([a], [b]) => a.localeCompare(b));
    return entries.length === 0 ? '—' : entries.map(([y, a]) => `${y}: ¥${formatMoney(a)}`).join('；');
  }
  if (typeof value === 'object') return JSON.stringify(value);
  const s = String(value);
  if (isEnumField(field)) return enumLabel(t, field, s);
  if (field === 'registeredCapital') return `¥${formatMoney(s)}`;
  if (field === 'region') return regionName(s);
  // GB/T 4754 (ARC-1): 'C 制造业 / 39 计算机、通信和其他电子设备制造业'
  if (field === 'industryCode') return industryLabel(s, currentLanguage());
  // a contact's role in the history (`primary`, `legal_person`) reads as its name
  if (field === 'role') return t(`customers.contacts.roles.${s}` as never, { defaultValue: s });
  if (field === 'createdAt' || field === 'updatedAt') return formatDateTime(s);
  return s;
};

const pattern = (re: RegExp, message: string): Rule => ({ pattern: re, message });

/** Form rules per field, mirroring src/contract/customers.ts. */
export const fieldRules = (t: TFunction): Partial<Record<string, Rule[]>> => ({
  name: [{ required: true, whitespace: true, message: t('customers.validation.required', { field: t('customers.fields.name') }) }, { max: 200 }],
  customerType: [{ required: true, message: t('customers.validation.required', { field: t('customers.fields.customerType') }) }],
  postalCode: [pattern(/^\d{6}$/, t('customers.validation.sixDigits'))],
  phone: [pattern(/^[0-9+()\- ]*$/, t('customers.validation.phone')), { max: 40 }],
  fax: [pattern(/^[0-9+()\- ]*$/, t('customers.validation.phone')), { max: 40 }],
  email: [{ type: 'email', message: t('customers.validation.email') }, { max: 200 }],
  qq: [pattern(/^\d{5,12}$/, t('customers.validation.qq'))],
  registeredCapital: [pattern(/^\d{1,18}(\.\d{1,2})?$/, t('customers.validation.money'))],
  bankAccount: [pattern(/^[0-9 -]{6,40}$/, t('customers.validation.bankAccount'))],
  creditCode: [
    {
      validator: (_, v: string | undefined) =>
        !v || isValidCreditCode(v.trim().toUpperCase()) ? Promise.resolve() : Promise.reject(new Error(t('customers.validation.creditCode'))),
    },
  ],
});

export const moneyRule = (t: TFunction): Rule => pattern(/^\d{1,18}(\.\d{1,2})?$/, t('customers.validation.money'));
export const yearRule = (t: TFunction): Rule => pattern(/^(19|20)\d\d$/, t('customers.validation.year'));
