/** Shared bits of the service-request pages: status colours, the query key. */
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ServiceStatus } from '../../../contract/service-requests.js';

export const serviceRequestsKey = ['service-requests'] as const;

export const statusColor: Record<ServiceStatus, string> = { open: 'blue', in_progress: 'processing', waiting_customer: 'gold', resolved: 'green', closed: 'default', escalated: 'volcano' };

export const StatusTag = ({ status, overdue }: { status: ServiceStatus; overdue?: boolean }) => {
  const { t } = useTranslation();
  return (
    <>
      <Tag color={statusColor[status]} data-testid="service-status">{t(`serviceRequests.statuses.${status}`)}</Tag>
      {overdue ? <Tag color="red" data-testid="service-overdue">{t('serviceRequests.overdue')}</Tag> : null}
    </>
  );
};

export const chinaTime = (iso: string | null | undefined) => (iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '—');
