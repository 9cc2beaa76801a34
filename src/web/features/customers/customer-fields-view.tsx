/** Read-only view of field groups of an archive, labelled and formatted like the 客户档案表. */
import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions } from 'antd';
import { Fragment } from 'react';
import { Link } from 'react-router';
import { call } from '../../api.js';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../contract/customers.js';
import { fieldGroups, fieldLabel, formatValue, type GroupKey } from './customer-fields.js';
import { useSecrecyLabel } from '../archive-security/use-secrecy-labels.js';
import { GradeTags } from './customer-tags.js';
import { useDivisions } from '../../ui/regions.js';

const longFields: readonly string[] = [
  'address', 'mainBusiness', 'additionalBusiness', 'mainProducts', 'purchasedVarieties', 'downstreamMarket', 'salesLast3Years',
  'orgStructure', 'relatedCompanies', 'culture', 'developments', 'advantages', 'disadvantages', 'countermeasures', 'potentialNeeds', 'remarks',
];

/** 关系企业 (ARC-1): each name links to its archive where one is filed and open to the reader (the server decides). */
const RelatedCompanies = ({ customer }: { customer: Customer }) => {
  const names = customer.relatedCompanies ?? [];
  const links = useQuery({ queryKey: ['customers', customer.id, 'related-companies', names], enabled: names.length > 0, queryFn: () => call('customerRelatedCompanies', { params: { id: customer.id } }) });
  if (names.length === 0) return <>—</>;
  const items = links.data?.items ?? names.map((name) => ({ name, customerId: null, archiveNo: null }));
  return (
    <span data-testid="customer-value-relatedCompanies">
      {items.map((r, i) => (
        <Fragment key={`${i}-${r.name}`}>
          {i ? '、' : ''}
          {r.customerId ? <Link to={`/customers/${r.customerId}`} data-testid={`related-link-${r.archiveNo}`}>{r.name}</Link> : r.name}
        </Fragment>
      ))}
    </span>
  );
};

export const CustomerFieldsView = ({ customer, groups }: { customer: Customer; groups: GroupKey[] }) => {
  const { t } = useTranslation();
  const record = customer as Record<string, unknown>;
  const secrecy = useSecrecyLabel(); // the company's own names of the levels (SEC-5)
  useDivisions(); // region names (re-renders once they are loaded)
  return (
    <>
      {groups.map((group) => (
        <Card key={group} size="small" title={t(`customers.groups.${group}`)} style={{ marginBottom: 16 }} data-testid={`customer-view-${group}`}>
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, sm: 1, md: 2, xl: 3 }}
            styles={{ label: { width: 140 } }}
            items={fieldGroups[group].map((f) => ({
              key: f,
              label: fieldLabel(t, f),
              span: longFields.includes(f) ? ('filled' as const) : undefined,
              children:
                f === 'relatedCompanies' ? (
                  <RelatedCompanies customer={customer} />
                ) : f === 'creditGrade' || f === 'tier' || f === 'abcClass' ? (
                  <GradeTags customer={{ creditGrade: f === 'creditGrade' ? customer.creditGrade : null, tier: f === 'tier' ? customer.tier : null, abcClass: f === 'abcClass' ? customer.abcClass : null }} />
                ) : (
                  <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} data-testid={`customer-value-${f}`}>
                    {f === 'secrecyLevel' ? secrecy(customer.secrecyLevel) : formatValue(t, f, record[f])}
                  </span>
                ),
            }))}
          />
        </Card>
      ))}
    </>
  );
};
