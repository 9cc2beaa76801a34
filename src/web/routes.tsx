/** The route tree. Pages load on demand; breadcrumbs come from each route's `handle`. */
import type { ComponentType } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { RequireAuth } from './features/auth/require-auth.js';
import { RequirePermission } from './features/auth/require-permission.js';
import type { RouteHandle } from './features/shell/breadcrumbs.js';
import { AppShell } from './features/shell/app-shell.js';
import { FullPageSpin, NotFoundResult, RouteErrorResult } from './ui/results.js';

const page =
  <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) =>
  async () => ({ Component: (await load())[name] });

const handle = (...crumbs: RouteHandle['crumbs']): RouteHandle => ({ crumbs });

const routeTree: RouteObject[] = [
  {
    hydrateFallbackElement: <FullPageSpin />,
    errorElement: <RouteErrorResult />,
    children: [
      { path: '/login', lazy: page(() => import('./features/auth/login-page.js'), 'LoginPage') },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <AppShell />,
            errorElement: <RouteErrorResult />,
            children: [
              { index: true, handle: handle(), lazy: page(() => import('./features/home/home-page.js'), 'HomePage') },
              {
                path: 'admin',
                element: <RequirePermission permission="users.manage" />,
                children: [
                  {
                    path: 'departments',
                    handle: handle({ label: 'admin' }, { label: 'departments' }),
                    lazy: page(() => import('./features/departments/departments-page.js'), 'DepartmentsPage'),
                  },
                  {
                    path: 'users',
                    handle: handle({ label: 'admin' }, { label: 'users' }),
                    lazy: page(() => import('./features/users/users-page.js'), 'UsersPage'),
                  },
                  {
                    path: 'password-policy',
                    handle: handle({ label: 'admin' }, { label: 'passwordPolicy' }),
                    lazy: page(() => import('./features/settings/password-policy-page.js'), 'PasswordPolicyPage'),
                  },
                ],
              },
              {
                path: 'admin/audit',
                element: <RequirePermission permission="audit.read" />,
                children: [
                  {
                    index: true,
                    handle: handle({ label: 'admin' }, { label: 'audit' }),
                    lazy: page(() => import('./features/audit/audit-page.js'), 'AuditPage'),
                  },
                ],
              },
              {
                path: 'account/password',
                handle: handle({ label: 'account' }, { label: 'changePassword' }),
                lazy: page(() => import('./features/account/change-password-page.js'), 'ChangePasswordPage'),
              },
              {
                path: 'account/sessions',
                handle: handle({ label: 'account' }, { label: 'sessions' }),
                lazy: page(() => import('./features/account/sessions-page.js'), 'SessionsPage'),
              },
              { path: '*', element: <NotFoundResult /> },
            ],
          },
        ],
      },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routeTree);
export type AppRouter = ReturnType<typeof createRouter>;
