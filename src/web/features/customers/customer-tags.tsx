/** Small badges of an archive: credit grade, tier, ABC class, secrecy level. */
import { LockOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../contract/customers.js';
import { useSecrecyLabel } from '../archive-security/use-secrecy-labels.js';
import { enumLabel } from './customer-fields.js';

const gradeColor: Record<string, string> = { AAA: 'gold', AA: 'green', A: 'cyan', B: 'blue', C: 'orange', D: 'red' };
const abcColor: Record<string, string> = { A: 'magenta', B: 'purple', C: 'default' };
const secrecyColor = { none: 'default', secret: 'orange', confidential: 'volcano', top_secret: 'red' } as const;

export const GradeTags = ({ customer }: { customer: Pick<Customer, 'creditGrade' | 'tier' | 'abcClass'> }) => {
  const { t } = useTranslation();
  if (!customer.creditGrade && !customer.tier && !customer.abcClass) return <>—</>;
  return (
    <>
      {customer.creditGrade ? <Tag color={gradeColor[customer.creditGrade]}>{customer.creditGrade}</Tag> : null}
      {customer.tier ? <Tag color="geekblue">{enumLabel(t, 'tier', customer.tier)}</Tag> : null}
      {customer.abcClass ? <Tag color={abcColor[customer.abcClass]}>{customer.abcClass}</Tag> : null}
    </>
  );
};

/** The level under the company's own name for it (SEC-5, configurable). */
export const SecrecyBadge = ({ level }: { level: Customer['secrecyLevel'] }) => {
  const label = useSecrecyLabel();
  return (
    <Tag color={secrecyColor[level]} icon={level === 'none' ? undefined : <LockOutlined />} data-testid="customer-secrecy">
      {label(level)}
    </Tag>
  );
};
