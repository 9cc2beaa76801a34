/** The route tree. Pages load on demand; breadcrumbs come from each route's `handle`. */
import type { ComponentType } from 'react';
import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
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
      // the customer's self-service form (ARC-14): public, no sign-in, no shell
      { path: '/f/:token', lazy: page(() => import('./features/self-service/public-form-page.js'), 'PublicFormPage') },
      // the customer's satisfaction survey (REL-9): public, no sign-in, no shell
      { path: '/s/:token', lazy: page(() => import('./features/surveys/public-survey-page.js'), 'PublicSurveyPage') },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <AppShell />,
            errorElement: <RouteErrorResult />,
            children: [
              { index: true, handle: handle(), lazy: page(() => import('./features/home/home-page.js'), 'HomePage') },
              {
                path: 'customers',
                children: [
                  {
                    index: true,
                    handle: handle({ label: 'customers' }),
                    lazy: page(() => import('./features/customers/customers-page.js'), 'CustomersPage'),
                  },
                  {
                    path: 'import',
                    handle: handle({ label: 'customers', to: '/customers' }, { label: 'imports' }),
                    lazy: page(() => import('./features/imports/imports-page.js'), 'ImportsPage'),
                  },
                  {
                    path: 'new',
                    handle: handle({ label: 'customers', to: '/customers' }, { label: 'customerNew' }),
                    lazy: page(() => import('./features/customers/customer-form-page.js'), 'CustomerNewPage'),
                  },
                  {
                    path: ':id',
                    handle: handle({ label: 'customers', to: '/customers' }, { label: 'customerDetail' }),
                    lazy: page(() => import('./features/customers/customer-detail-page.js'), 'CustomerDetailPage'),
                  },
                  {
                    path: ':id/edit',
                    handle: handle({ label: 'customers', to: '/customers' }, { label: 'customerEdit' }),
                    lazy: page(() => import('./features/customers/customer-form-page.js'), 'CustomerEditPage'),
                  },
                  {
                    path: ':id/contacts/:contactId/card',
                    handle: handle({ label: 'customers', to: '/customers' }, { label: 'contactCard' }),
                    lazy: page(() => import('./features/customers/contact-card.js'), 'ContactCardPage'),
                  },
                ],
              },
              {
                path: 'evaluation',
                children: [
                  { index: true, handle: handle({ label: 'evaluation' }), lazy: page(() => import('./features/evaluation/evaluation-page.js'), 'EvaluationPage') },
                  { path: 'settings', handle: handle({ label: 'evaluation', to: '/evaluation' }, { label: 'evaluationSettings' }), lazy: page(() => import('./features/evaluation/evaluation-settings-page.js'), 'EvaluationSettingsPage') },
                  { path: 'relationships/:id', handle: handle({ label: 'evaluation', to: '/evaluation?tab=relationship' }, { label: 'relationshipForm' }), lazy: page(() => import('./features/evaluation/relationship-form-page.js'), 'RelationshipFormPage') },
                  { path: ':id', handle: handle({ label: 'evaluation', to: '/evaluation' }, { label: 'evaluationForm' }), lazy: page(() => import('./features/evaluation/evaluation-form-page.js'), 'EvaluationFormPage') },
                ],
              },
              { path: 'boards', handle: handle({ label: 'boards' }), lazy: page(() => import('./features/boards/boards-page.js'), 'BoardsPage') },
              { path: 'care', handle: handle({ label: 'care' }), lazy: page(() => import('./features/care/care-page.js'), 'CarePage') },
              { path: 'care/:id', handle: handle({ label: 'care', to: '/care' }, { label: 'careCampaign' }), lazy: page(() => import('./features/care/campaign-page.js'), 'CampaignPage') },
              { path: 'relations/overview', handle: handle({ label: 'contactOverview' }), lazy: page(() => import('./features/relations/contact-overview-page.js'), 'ContactOverviewPage') },
              { path: 'relations/log', handle: handle({ label: 'contactOverview', to: '/relations/overview' }, { label: 'logCommunication' }), lazy: page(() => import('./features/relations/log-communication-page.js'), 'LogCommunicationPage') },
              { path: 'relations/portfolio', handle: handle({ label: 'portfolio' }), lazy: page(() => import('./features/relations/portfolio-page.js'), 'PortfolioPage') },
              { path: 'relations/pool', handle: handle({ label: 'customerPool' }), lazy: page(() => import('./features/relations/pool-page.js'), 'PoolPage') },
              { path: 'relations/check-ins', handle: handle({ label: 'checkIns' }), lazy: page(() => import('./features/relations/check-ins-page.js'), 'CheckInsPage') },
              { path: 'relations/revisits', handle: handle({ label: 'revisits' }), lazy: page(() => import('./features/relations/revisits-page.js'), 'RevisitsPage') },
              { path: 'relations/revisits/new', handle: handle({ label: 'revisits', to: '/relations/revisits' }, { label: 'revisitNew' }), lazy: page(() => import('./features/relations/revisit-form-page.js'), 'RevisitFormPage') },
              {
                path: 'sales',
                children: [
                  { path: 'composition', handle: handle({ label: 'sales' }, { label: 'composition' }), lazy: page(() => import('./features/analytics/composition-page.js'), 'CompositionPage') },
                  { path: 'reports', handle: handle({ label: 'sales' }, { label: 'reports' }), lazy: page(() => import('./features/analytics/reports-page.js'), 'ReportsPage') },
                  { path: 'receivables', handle: handle({ label: 'sales' }, { label: 'receivables' }), lazy: page(() => import('./features/sales/receivables-page.js'), 'ReceivablesPage') },
                  { path: 'opportunities', handle: handle({ label: 'sales' }, { label: 'pipeline' }), lazy: page(() => import('./features/sales/pipeline-page.js'), 'PipelinePage') },
                  { path: 'contracts', handle: handle({ label: 'sales' }, { label: 'contracts' }), lazy: page(() => import('./features/sales/contracts-page.js'), 'ContractsPage') },
                  { path: 'contract-templates', handle: handle({ label: 'sales' }, { label: 'contractTemplates' }), lazy: page(() => import('./features/sales/contract-templates-page.js'), 'ContractTemplatesPage') },
                  { path: 'contract-templates/:id', handle: handle({ label: 'contractTemplates', to: '/sales/contract-templates' }, { label: 'contractTemplate' }), lazy: page(() => import('./features/sales/contract-templates-page.js'), 'ContractTemplatePage') },
                  { path: 'contracts/:id', handle: handle({ label: 'contracts', to: '/sales/contracts' }, { label: 'contractDetail' }), lazy: page(() => import('./features/sales/contract-detail-page.js'), 'ContractDetailPage') },
                ],
              },
              { path: 'rewards', handle: handle({ label: 'rewards' }), lazy: page(() => import('./features/rewards/reward-plans-page.js'), 'RewardPlansPage') },
              {
                path: 'complaints',
                children: [
                  { index: true, handle: handle({ label: 'complaints' }), lazy: page(() => import('./features/complaints/complaints-page.js'), 'ComplaintsPage') },
                  { path: 'new', handle: handle({ label: 'complaints', to: '/complaints' }, { label: 'complaintNew' }), lazy: page(() => import('./features/complaints/complaint-intake-page.js'), 'ComplaintIntakePage') },
                  { path: 'statistics', handle: handle({ label: 'complaints', to: '/complaints' }, { label: 'complaintStatistics' }), lazy: page(() => import('./features/complaints/complaint-statistics-page.js'), 'ComplaintStatisticsPage') },
                  { path: 'rota', handle: handle({ label: 'complaints', to: '/complaints' }, { label: 'complaintRota' }), lazy: page(() => import('./features/complaints/complaint-rota-page.js'), 'ComplaintRotaPage') },
                  { path: ':id', handle: handle({ label: 'complaints', to: '/complaints' }, { label: 'complaintDetail' }), lazy: page(() => import('./features/complaints/complaint-page.js'), 'ComplaintPage') },
                ],
              },
              { path: 'targets', handle: handle({ label: 'targets' }), lazy: page(() => import('./features/targets/targets-page.js'), 'TargetsPage') },
              { path: 'training', handle: handle({ label: 'training' }), lazy: page(() => import('./features/training/training-page.js'), 'TrainingPage') },
              {
                path: 'surveys',
                children: [
                  { index: true, handle: handle({ label: 'surveys' }), lazy: page(() => import('./features/surveys/surveys-page.js'), 'SurveysPage') },
                  { path: 'results', handle: handle({ label: 'surveys', to: '/surveys' }, { label: 'surveyResults' }), lazy: page(() => import('./features/surveys/survey-results-page.js'), 'SurveyResultsPage') },
                  { path: 'templates', element: <RequirePermission permission="users.manage" />, children: [{ index: true, handle: handle({ label: 'surveys', to: '/surveys' }, { label: 'surveyTemplates' }), lazy: page(() => import('./features/surveys/survey-templates-page.js'), 'SurveyTemplatesPage') }] },
                ],
              },
              {
                path: 'service-requests',
                children: [
                  { index: true, handle: handle({ label: 'serviceRequests' }), lazy: page(() => import('./features/service-requests/service-requests-page.js'), 'ServiceRequestsPage') },
                  { path: 'new', handle: handle({ label: 'serviceRequests', to: '/service-requests' }, { label: 'serviceRequestNew' }), lazy: page(() => import('./features/service-requests/service-request-intake-page.js'), 'ServiceRequestIntakePage') },
                  { path: ':id', handle: handle({ label: 'serviceRequests', to: '/service-requests' }, { label: 'serviceRequestDetail' }), lazy: page(() => import('./features/service-requests/service-request-page.js'), 'ServiceRequestPage') },
                ],
              },
              {
                path: 'tasks',
                handle: handle({ label: 'tasks' }),
                lazy: page(() => import('./features/tasks/tasks-page.js'), 'TasksPage'),
              },
              {
                path: 'relationship-cards',
                handle: handle({ label: 'relationshipCards' }),
                lazy: page(() => import('./features/customers/relationship-cards-page.js'), 'RelationshipCardsPage'),
              },
              {
                path: 'm/lookup',
                handle: handle({ label: 'lookup' }),
                lazy: page(() => import('./features/customers/lookup-page.js'), 'LookupPage'),
              },
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
                  {
                    path: 'archive-settings',
                    handle: handle({ label: 'admin' }, { label: 'archiveSettings' }),
                    lazy: page(() => import('./features/documents/archive-settings-page.js'), 'ArchiveSettingsPage'),
                  },
                  {
                    path: 'custom-fields',
                    handle: handle({ label: 'admin' }, { label: 'customFields' }),
                    lazy: page(() => import('./features/custom-fields/custom-fields-page.js'), 'CustomFieldsPage'),
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
              // archive security (spec 02 SEC-5…SEC-9, SEC-12): approvals, borrowing, recycle bin, destruction, settings
              {
                path: 'approvals',
                children: [
                  { index: true, handle: handle({ label: 'approvals' }), lazy: page(() => import('./features/approvals/approvals-page.js'), 'ApprovalsPage') },
                  {
                    path: 'delegations',
                    element: <RequirePermission permission="approvals.delegate" />,
                    children: [{ index: true, handle: handle({ label: 'approvals', to: '/approvals' }, { label: 'delegations' }), lazy: page(() => import('./features/approvals/delegations-page.js'), 'DelegationsPage') }],
                  },
                  { path: ':id', handle: handle({ label: 'approvals', to: '/approvals' }, { label: 'approvalDetail' }), lazy: page(() => import('./features/approvals/approval-detail-page.js'), 'ApprovalDetailPage') },
                ],
              },
              { path: 'notifications', handle: handle({ label: 'notifications' }), lazy: page(() => import('./features/approvals/notifications-page.js'), 'NotificationsPage') },
              {
                path: 'access-requests',
                children: [
                  { index: true, handle: handle({ label: 'accessRequests' }), lazy: page(() => import('./features/borrowing/access-requests-page.js'), 'AccessRequestsPage') },
                  { path: 'new', handle: handle({ label: 'accessRequests', to: '/access-requests' }, { label: 'accessRequestNew' }), lazy: page(() => import('./features/borrowing/access-request-new-page.js'), 'AccessRequestNewPage') },
                ],
              },
              { path: 'archive-register', handle: handle({ label: 'archiveSecurity' }, { label: 'archiveRegister' }), lazy: page(() => import('./features/archive-register/archive-register-page.js'), 'ArchiveRegisterPage') },
              {
                path: 'borrowing-register',
                element: <RequirePermission permission="borrowing.register" />,
                children: [{ index: true, handle: handle({ label: 'archiveSecurity' }, { label: 'borrowingRegister' }), lazy: page(() => import('./features/borrowing/borrowing-register-page.js'), 'BorrowingRegisterPage') }],
              },
              {
                path: 'recycle-bin',
                element: <RequirePermission permission="recycle.manage" />,
                children: [{ index: true, handle: handle({ label: 'archiveSecurity' }, { label: 'recycleBin' }), lazy: page(() => import('./features/archive-security/recycle-bin-page.js'), 'RecycleBinPage') }],
              },
              {
                path: 'archive-review',
                element: <RequirePermission permission="recycle.manage" />,
                children: [{ index: true, handle: handle({ label: 'archiveSecurity' }, { label: 'archiveReview' }), lazy: page(() => import('./features/archive-security/archive-review-page.js'), 'ArchiveReviewPage') }],
              },
              {
                path: 'destructions',
                element: <RequirePermission permission="recycle.manage" />,
                children: [{ index: true, handle: handle({ label: 'archiveSecurity' }, { label: 'destructions' }), lazy: page(() => import('./features/archive-security/destructions-page.js'), 'DestructionsPage') }],
              },
              // the server's destruction.approved notification links here
              { path: 'archive-room/destructions', element: <Navigate to="/destructions" replace /> },
              {
                path: 'admin/secrecy-labels',
                element: <RequirePermission permission="users.manage" />,
                children: [{ index: true, handle: handle({ label: 'admin' }, { label: 'secrecyLabels' }), lazy: page(() => import('./features/archive-security/secrecy-labels-page.js'), 'SecrecyLabelsPage') }],
              },
              {
                path: 'admin/personal-data',
                element: <RequirePermission permission="personal.manage" />,
                children: [{ index: true, handle: handle({ label: 'admin' }, { label: 'personalData' }), lazy: page(() => import('./features/archive-security/personal-data-page.js'), 'PersonalDataPage') }],
              },
              {
                path: 'account/password',
                handle: handle({ label: 'account' }, { label: 'changePassword' }),
                lazy: page(() => import('./features/account/change-password-page.js'), 'ChangePasswordPage'),
              },
              { path: 'account/digest', handle: handle({ label: 'account' }, { label: 'mailSettings' }), lazy: page(() => import('./features/relations/digest-settings-page.js'), 'DigestSettingsPage') },
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
