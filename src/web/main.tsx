/** Entry point: i18n, query client, antd theme and locale, router. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router';
import './styles.css';
import { isApiError, setUnauthorizedHandler } from './api.js';
import { antdLocale } from './i18n/antd-locale.js';
import { currentLanguage, initI18n } from './i18n/index.js';
import { createRouter, type AppRouter } from './routes.js';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will answer the same again; only retry what may be transient.
      retry: (count, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

const Root = ({ router }: { router: AppRouter }) => {
  useTranslation(); // re-render on language change
  return (
    <ConfigProvider
      locale={antdLocale(currentLanguage())}
      theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6 } }}
    >
      <AntApp>
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
};

const start = async () => {
  await initI18n();
  const router = createRouter();
  setUnauthorizedHandler(() => {
    const { pathname, search } = window.location;
    if (pathname === '/login') return;
    const next = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
    void router.navigate(`/login${next}`, { replace: true }).then(() => queryClient.clear());
  });
  const container = document.getElementById('root');
  if (!container) throw new Error('#root is missing from index.html');
  createRoot(container).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <Root router={router} />
      </QueryClientProvider>
    </StrictMode>,
  );
};

void start();
