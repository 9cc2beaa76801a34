/**
 * 全局搜索 (issue 17 item 15): a search box in the header of every page, opened with `/` (when not
 * typing elsewhere) or Ctrl/⌘+K; one entry searches customers, contacts and documents
 * (`GET /api/v1/search`, each group through the access policy) and shows them grouped.
 */
import { FileTextOutlined, SearchOutlined, ShopOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Flex, Input, Modal, Spin, Tag, Typography, theme } from 'antd';
import type { InputRef } from 'antd';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { GlobalSearchResult } from '../../../contract/search.routes.js';
import { call } from '../../api.js';
import { LoadError } from '../../ui/results.js';
import { useDebounced } from '../../ui/use-debounced.js';

/** Typing somewhere already: `/` belongs to that field. */
const typingIn = (el: EventTarget | null): boolean => {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
};

/** The shortcut that opens the search: `/` outside a field, Ctrl+K or ⌘+K anywhere. */
export const isSearchShortcut = (e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>): boolean =>
  ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') || (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !typingIn(e.target));

type Hit = { key: string; kind: 'customer' | 'contact' | 'document'; id: string; to: string; title: ReactNode; sub: ReactNode };

export const searchHits = (r: GlobalSearchResult): { customers: Hit[]; contacts: Hit[]; documents: Hit[] } => ({
  customers: r.customers.map((c) => ({ key: `customer-${c.id}`, kind: 'customer', id: c.id, to: `/customers/${c.id}`, title: c.name, sub: c.archiveNo })),
  contacts: r.contacts.map((c) => ({ key: `contact-${c.id}`, kind: 'contact', id: c.id, to: `/customers/${c.customerId}?tab=contacts`, title: c.name, sub: `${c.customerName} · ${c.archiveNo}` })),
  documents: r.documents.map((d) => ({ key: `document-${d.id}`, kind: 'document', id: d.id, to: `/customers/${d.customerId}?tab=documents`, title: d.title, sub: `${d.customerName} · ${d.archiveNo}` })),
});

const icons = { customers: <ShopOutlined />, contacts: <UserOutlined />, documents: <FileTextOutlined /> } as const;

export const GlobalSearch = ({ compact }: { compact: boolean }) => {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<InputRef>(null);
  const debounced = useDebounced(q.trim(), 250);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isSearchShortcut(e)) return;
      e.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const found = useQuery({
    queryKey: ['global-search', debounced],
    queryFn: () => call('globalSearch', { query: { q: debounced, limit: 5 } }),
    enabled: open && debounced.length > 0,
    staleTime: 10_000,
  });
  const groups = useMemo(() => (found.data ? searchHits(found.data) : null), [found.data]);
  const flat = groups ? [...groups.customers, ...groups.contacts, ...groups.documents] : [];
  useEffect(() => setActive(0), [found.data]);

  const go = (hit: Hit | undefined) => {
    if (!hit) return;
    setOpen(false);
    setQ('');
    void navigate(hit.to);
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((i) => Math.min(i + 1, flat.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      go(flat[active]);
    }
  };

  const group = (kind: 'customers' | 'contacts' | 'documents', hits: Hit[]) =>
    hits.length === 0 ? null : (
      <div key={kind} data-testid={`global-search-group-${kind}`} style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', padding: '4px 8px' }}>
          {icons[kind]} {t(`newui.search.${kind}`)}
        </Typography.Text>
        {hits.map((h) => {
          const selected = flat[active]?.key === h.key;
          return (
            <div
              key={h.key}
              role="option"
              aria-selected={selected}
              tabIndex={-1}
              data-testid={`global-search-${h.kind}-${h.id}`}
              onMouseEnter={() => setActive(flat.findIndex((x) => x.key === h.key))}
              onClick={() => go(h)}
              style={{ padding: '6px 8px', borderRadius: token.borderRadius, cursor: 'pointer', background: selected ? token.controlItemBgActive : undefined }}
            >
              <Typography.Text strong style={{ display: 'block', wordBreak: 'break-all' }}>
                {h.title}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
                {h.sub}
              </Typography.Text>
            </div>
          );
        })}
      </div>
    );

  const body = !debounced ? (
    <Typography.Text type="secondary">{t('newui.search.hint')}</Typography.Text>
  ) : found.isError ? (
    <LoadError error={found.error} onRetry={() => void found.refetch()} />
  ) : !groups ? (
    <Spin style={{ display: 'block', margin: '24px auto' }} />
  ) : flat.length === 0 ? (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('newui.search.empty')} data-testid="global-search-empty" />
  ) : (
    <div role="listbox">
      {group('customers', groups.customers)}
      {group('contacts', groups.contacts)}
      {group('documents', groups.documents)}
      {groups.customers.length >= 5 ? (
        <Button type="link" size="small" onClick={() => go({ key: 'all', kind: 'customer', id: '', to: `/customers?q=${encodeURIComponent(debounced)}`, title: '', sub: '' })}>
          {t('newui.search.more')}
        </Button>
      ) : null}
    </div>
  );

  return (
    <>
      {compact ? (
        <Button type="text" icon={<SearchOutlined />} aria-label={t('newui.search.open')} onClick={() => setOpen(true)} data-testid="global-search" />
      ) : (
        <Button onClick={() => setOpen(true)} data-testid="global-search" style={{ width: 260, justifyContent: 'space-between', color: token.colorTextTertiary }}>
          <Flex gap={8} align="center">
            <SearchOutlined />
            {t('newui.search.placeholder')}
          </Flex>
          <Tag style={{ marginInlineEnd: 0 }}>/</Tag>
        </Button>
      )}
      <Modal
        open={open}
        onCancel={() => setOpen(false)}
        footer={null}
        closable={false}
        destroyOnHidden
        afterOpenChange={(o) => o && input.current?.focus()}
        style={{ top: compact ? 12 : 80 }}
        width={compact ? 'calc(100vw - 24px)' : 600}
        data-testid="global-search-modal"
      >
        <Input
          ref={input}
          size="large"
          allowClear
          autoFocus
          prefix={<SearchOutlined />}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={onKeyDown}
          placeholder={t('newui.search.placeholder')}
          data-testid="global-search-input"
          aria-label={t('newui.search.placeholder')}
          style={{ marginBottom: 12 }}
        />
        <div style={{ maxHeight: '60vh', overflowY: 'auto' }}>{body}</div>
      </Modal>
    </>
  );
};
