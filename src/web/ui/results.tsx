/** Full-page and in-page states: loading, failed to load, forbidden, not found. */
import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { describeError } from './problem.js';

export const FullPageSpin = () => (
  <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center' }}>
    <Spin size="large" />
  </div>
);

export const LoadError = ({ error, onRetry, fullPage }: { error: unknown; onRetry?: () => void; fullPage?: boolean }) => {
  const { t } = useTranslation();
  const { title, detail } = describeError(error, t);
  return (
    <div style={fullPage ? { minHeight: '100vh', display: 'grid', placeItems: 'center' } : undefined}>
      <Result
        status="warning"
        title={t('shell.loadFailed')}
        subTitle={detail ? t('common.withNote', { main: title, note: detail }) : title}
        extra={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : undefined}
      />
    </div>
  );
};

export const ForbiddenResult = () => {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title={t('shell.forbiddenTitle')}
      subTitle={t('shell.forbiddenDescription')}
      extra={
        <Link to="/">
          <Button type="primary">{t('shell.backHome')}</Button>
        </Link>
      }
    />
  );
};

export const NotFoundResult = () => {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('shell.notFoundTitle')}
      subTitle={t('shell.notFoundDescription')}
      extra={
        <Link to="/">
          <Button type="primary">{t('shell.backHome')}</Button>
        </Link>
      }
    />
  );
};

/** Shown when a route fails to render or its code cannot load (e.g. after an upgrade). */
export const RouteErrorResult = () => {
  const { t } = useTranslation();
  return (
    <Result
      status="500"
      title={t('shell.loadFailed')}
      subTitle={t('errors.internal')}
      extra={<Button onClick={() => window.location.reload()}>{t('common.retry')}</Button>}
    />
  );
};
