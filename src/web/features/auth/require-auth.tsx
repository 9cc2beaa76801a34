/** Guards every signed-in route: loads the user, and while a password change is required allows nothing else. */
import { Navigate, Outlet, useLocation } from 'react-router';
import { isApiError } from '../../api.js';
import { FullPageSpin, LoadError } from '../../ui/results.js';
import { CurrentUserContext, useMeQuery } from './current-user.js';

export const forcedPasswordPath = '/account/password';

export const RequireAuth = () => {
  const me = useMeQuery();
  const location = useLocation();
  if (me.isPending) return <FullPageSpin />;
  if (me.isError) {
    // 401 already navigates to /login through the api client.
    if (isApiError(me.error) && me.error.status === 401) return <FullPageSpin />;
    return <LoadError error={me.error} onRetry={() => void me.refetch()} fullPage />;
  }
  if (me.data.mustChangePassword && location.pathname !== forcedPasswordPath) {
    return <Navigate to={forcedPasswordPath} replace />;
  }
  return (
    <CurrentUserContext value={me.data}>
      <Outlet />
    </CurrentUserContext>
  );
};
