/** Breadcrumbs from the matched route's `handle.crumbs` (translation keys under `nav`). */
import { HomeOutlined } from '@ant-design/icons';
import { Breadcrumb } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useMatches } from 'react-router';
import type { Messages } from '../../i18n/en-US.js';

export type NavKey = keyof Messages['nav'];
export type Crumb = { label: NavKey; to?: string };
export type RouteHandle = { crumbs: Crumb[] };

const isRouteHandle = (h: unknown): h is RouteHandle =>
  typeof h === 'object' && h !== null && Array.isArray((h as { crumbs?: unknown }).crumbs);

export const Breadcrumbs = () => {
  const { t } = useTranslation();
  const matches = useMatches();
  const handle = [...matches].reverse().find((m) => isRouteHandle(m.handle))?.handle;
  const crumbs = isRouteHandle(handle) ? handle.crumbs : [];
  return (
    <Breadcrumb
      data-testid="breadcrumbs"
      items={[
        { key: 'home', title: <Link to="/" aria-label={t('nav.home')}><HomeOutlined /></Link> },
        ...crumbs.map((c, i) => ({
          key: `${c.label}-${i}`,
          title: c.to && i < crumbs.length - 1 ? <Link to={c.to}>{t(`nav.${c.label}`)}</Link> : t(`nav.${c.label}`),
        })),
      ]}
    />
  );
};
