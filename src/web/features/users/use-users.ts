/** The user list query (cursor-paged, filtered). */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { RoleKey } from '../../../contract/roles.js';
import type { User } from '../../../contract/users.js';
import { call } from '../../api.js';

export type UserFilters = { q?: string; departmentId?: string; role?: RoleKey; status?: User['status'] };

export const usersKey = ['users'] as const;

export const useUsers = (filters: UserFilters, cursor: string | undefined, limit: number) =>
  useQuery({
    queryKey: [...usersKey, filters, cursor ?? null, limit],
    queryFn: () =>
      call('listUsers', {
        query: {
          limit,
          ...(cursor ? { cursor } : {}),
          ...(filters.q?.trim() ? { q: filters.q.trim() } : {}),
          ...(filters.departmentId ? { departmentId: filters.departmentId } : {}),
          ...(filters.role ? { role: filters.role } : {}),
          ...(filters.status ? { status: filters.status } : {}),
        },
      }),
    placeholderData: keepPreviousData,
  });
