/**
 * Every legitimate "not visible" path offers a request (SEC-6): the withheld groups of an archive,
 * a withheld tab (its endpoint answers 403), an archive that is not visible at all (404), and the
 * banner of a running grant with its early return.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FieldGroup } from '../../../contract/access.js';
import type { Customer } from '../../../contract/customers.js';
import { call, isApiError } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { errorLine } from '../../ui/problem.js';
import { LoadError } from '../../ui/results.js';
import { groupLabel, groupList } from '../approvals/approval-labels.js';
import { accessRequestsKey, useRefreshAfterDecision } from '../approvals/use-approvals.js';
import { useCurrentUser } from '../auth/current-user.js';
import { useSecrecyLabel } from '../archive-security/use-secrecy-labels.js';
import { RequestAccessButton } from './access-request-dialog.js';

const targetOf = (c: Customer) => ({ id: c.id, name: c.name, archiveNo: c.archiveNo, secrecyLevel: c.secrecyLevel, withheld: c.withheld });
const lendable = (c: Customer) => c.secrecyLevel === 'none' || c.secrecyLevel === 'secret';

/** The header's note: which parts are withheld, and a request for them where the level allows lending. */
export const WithheldAlert = ({ customer }: { customer: Customer }) => {
  const { t } = useTranslation();
  if (customer.withheld.length === 0) return null;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginTop: 12 }}
      data-testid="customer-withheld"
      title={t('security.borrow.withheldTitle', { groups: groupList(t, customer.withheld) })}
      description={
        <>
          {customer.abcClass === 'A' && customer.withheld.includes('financial') ? `${t('security.borrow.restrictedBySEC3')} ` : ''}
          {lendable(customer) ? t('security.borrow.withheldDescription') : null}
          {/* below the text, not beside it: on a phone an action squeezes the text into a narrow column */}
          {lendable(customer) ? (
            <div style={{ marginTop: 8 }}>
              <RequestAccessButton size="small" archive={targetOf(customer)} />
            </div>
          ) : null}
        </>
      }
    />
  );
};

/** A tab whose group is withheld: its 403, with the request for exactly that group. */
export const WithheldTab = ({ customer, group }: { customer: Customer; group: FieldGroup }) => {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title={<span data-testid={`tab-withheld-${group}`}>{t('security.borrow.tabWithheldTitle', { group: groupLabel(t, group) })}</span>}
      subTitle={t('security.borrow.tabWithheldDescription')}
      extra={lendable(customer) ? <RequestAccessButton type="primary" archive={targetOf(customer)} initialGroups={[group]} /> : undefined}
    />
  );
};

/** The archive page when the archive is not visible (404) — or any other load error. */
export const CustomerLoadError = ({ error, onRetry }: { customerId: string; error: unknown; onRetry: () => void }) => {
  // an unseen archive is asked for by its archive number (SEC-6): its id in the address says nothing the server will act on
  const { t } = useTranslation();
  if (!(isApiError(error) && error.status === 404)) return <LoadError error={error} onRetry={onRetry} />;
  return (
    <Result
      status="404"
      title={<span data-testid="customer-not-visible">{t('security.borrow.notVisibleTitle')}</span>}
      subTitle={t('security.borrow.notVisibleDescription')}
      extra={
        <Flex gap={8} justify="center" wrap>
          <Link to="/access-requests/new">
            <Button type="primary" data-testid="request-access">
              {t('security.borrow.request')}
            </Button>
          </Link>
          <Link to="/customers">
            <Button>{t('nav.customers')}</Button>
          </Link>
        </Flex>
      }
    />
  );
};

/** Shown while the viewer reads the archive under a grant: until when, and an early return. */
export const GrantBanner = ({ customer }: { customer: Customer }) => {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const refresh = useRefreshAfterDecision();
  const me = useCurrentUser();
  const active = useQuery({
    queryKey: [...accessRequestsKey, 'active', customer.id, me.id],
    queryFn: () => call('listAccessRequests', { query: { customerId: customer.id, requesterId: me.id, state: 'active', limit: 20 } }),
    enabled: customer.accessVia === 'grant',
  });
  const giveBack = useMutation({
    mutationFn: (id: string) => call('returnAccessRequest', { params: { id } }),
    onSuccess: async () => {
      void message.success(t('security.borrow.returned'));
      await refresh();
    },
    onError: (e) => void message.error(errorLine(e, t)),
  });
  if (customer.accessVia !== 'grant') return null;
  const mine = (active.data?.items ?? []).filter((r) => r.state === 'active');
  const latest = mine.reduce<string | null>((at, r) => (r.expiresAt && (!at || r.expiresAt > at) ? r.expiresAt : at), null);
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginTop: 12 }}
      data-testid="customer-grant"
      title={latest ? t('security.borrow.grantActive', { time: formatDateTime(latest) }) : t('security.borrow.grantActiveNoTime')}
      description={
        mine.length > 0 ? (
          <Button
            size="small"
            loading={giveBack.isPending}
            data-testid="grant-return"
            onClick={() =>
              modal.confirm({
                title: t('security.borrow.returnConfirm'),
                okText: t('security.borrow.returnEarly'),
                onOk: () => Promise.all(mine.map((r) => giveBack.mutateAsync(r.id))).catch(() => undefined),
              })
            }
          >
            {t('security.borrow.returnEarly')}
          </Button>
        ) : undefined
      }
    />
  );
};

/** SEC-5: confidential and top-secret archives are view-only; the level under the company's own name. */
export const ViewOnlyAlert = ({ customer }: { customer: Customer }) => {
  const { t } = useTranslation();
  const secrecy = useSecrecyLabel();
  if (!customer.viewOnly) return null;
  return <Alert type="warning" showIcon title={t('security.viewOnly', { level: secrecy(customer.secrecyLevel) })} style={{ marginTop: 12 }} data-testid="customer-view-only" />;
};
