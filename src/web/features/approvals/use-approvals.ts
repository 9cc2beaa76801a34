/** Queries of approvals (SEC-7) and notifications; every decision refreshes both. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { RouteQuery } from '../../../contract/routes.js';
import { call } from '../../api.js';
import { useCursorList } from '../../ui/use-cursor-list.js';

export const approvalsKey = ['approvals'] as const;
export const notificationsKey = ['notifications'] as const;
export const accessRequestsKey = ['access-requests'] as const;

export type ApprovalFilters = Omit<RouteQuery<'listApprovals'>, 'limit' | 'cursor'>;

const pageSize = 30;

export const useApprovalList = (filters: ApprovalFilters) =>
  useCursorList([...approvalsKey, 'list', filters], (page) => call('listApprovals', { query: { ...filters, limit: pageSize, ...page } }));

export const useApproval = (id: string) => useQuery({ queryKey: [...approvalsKey, 'one', id], queryFn: () => call('getApproval', { params: { id } }) });

/** Polls once a minute (and on focus), so a request that arrives shows on the bell without a reload. */
export const useNotifications = (unreadOnly = false, limit = 10) =>
  useQuery({
    queryKey: [...notificationsKey, unreadOnly, limit],
    queryFn: () => call('listNotifications', { query: { limit, ...(unreadOnly ? { unread: 'true' as const } : {}) } }),
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
  });

/** After any decision, withdrawal or request: lists, the bell, grants and the archive may all change. */
export const useRefreshAfterDecision = () => {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: approvalsKey }),
      queryClient.invalidateQueries({ queryKey: notificationsKey }),
      queryClient.invalidateQueries({ queryKey: accessRequestsKey }),
      queryClient.invalidateQueries({ queryKey: ['customers'] }),
    ]);
};
