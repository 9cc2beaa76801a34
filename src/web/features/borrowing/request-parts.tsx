/** Small parts shared by the access-request lists: state tag, archive cell, groups. */
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AccessRequest } from '../../../contract/approvals.js';
import { groupLabel, requestStateColor, requestStateLabel } from '../approvals/approval-labels.js';

export const RequestStateTag = ({ state }: { state: AccessRequest['state'] }) => {
  const { t } = useTranslation();
  return (
    <Tag color={requestStateColor[state]} data-testid="access-request-state">
      {requestStateLabel(t, state)}
    </Tag>
  );
};

export const RequestArchive = ({ r }: { r: AccessRequest }) => (
  <span style={{ wordBreak: 'break-all' }}>
    {r.customerName ? <Link to={`/customers/${r.customerId}`}>{r.customerName}</Link> : <Typography.Text>{r.archiveNo ?? `#${r.customerId}`}</Typography.Text>}
    {r.customerName && r.archiveNo ? (
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
        {r.archiveNo}
      </Typography.Text>
    ) : null}
  </span>
);

export const RequestGroups = ({ groups }: { groups: readonly string[] }) => {
  const { t } = useTranslation();
  return (
    <>
      {groups.map((g) => (
        <Tag key={g} style={{ marginBottom: 2 }}>
          {groupLabel(t, g)}
        </Tag>
      ))}
    </>
  );
};
