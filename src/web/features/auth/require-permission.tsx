/** Shows a 403 page instead of a page the user has no permission for (the server refuses the calls anyway). */
import { Outlet } from 'react-router';
import type { Permission } from '../../../contract/roles.js';
import { ForbiddenResult } from '../../ui/results.js';
import { useHasPermission } from './current-user.js';

export const RequirePermission = ({ permission }: { permission: Permission }) =>
  useHasPermission(permission) ? <Outlet /> : <ForbiddenResult />;
