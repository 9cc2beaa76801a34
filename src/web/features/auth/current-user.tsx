/** The signed-in user (GET /auth/me), loaded once by RequireAuth and read everywhere through context. */
import { useQuery } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { call } from '../../api.js';
import type { Permission } from '../../../contract/roles.js';
import type { RouteResult } from '../../../contract/routes.js';

export type Me = RouteResult<'me'>;

export const meQueryKey = ['me'] as const;

export const useMeQuery = () => useQuery({ queryKey: meQueryKey, queryFn: () => call('me'), staleTime: 60_000 });

export const CurrentUserContext = createContext<Me | null>(null);

export const useCurrentUser = (): Me => {
  const me = useContext(CurrentUserContext);
  if (!me) throw new Error('useCurrentUser outside RequireAuth');
  return me;
};

export const useHasPermission = (permission: Permission): boolean => useCurrentUser().permissions.includes(permission);
