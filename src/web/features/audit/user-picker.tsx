/**
 * Picks a user for the audit filter. Searching users needs `users.manage`; without it the
 * filter takes a user id typed in.
 */
import { useQuery } from '@tanstack/react-query';
import { Input, Select } from 'antd';
import { useEffect, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api.js';
import { useHasPermission } from '../auth/current-user.js';

export const UserPicker = ({
  value,
  onChange,
  style,
}: {
  value: string | undefined;
  onChange: (id: string | undefined) => void;
  style?: CSSProperties;
}) => {
  const { t } = useTranslation();
  const canSearch = useHasPermission('users.manage');
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(search.trim()), 300);
    return () => clearTimeout(timer);
  }, [search]);
  const users = useQuery({
    queryKey: ['users', 'picker', debounced],
    queryFn: () => call('listUsers', { query: { limit: 20, ...(debounced ? { q: debounced } : {}) } }),
    enabled: canSearch,
    staleTime: 30_000,
  });

  if (!canSearch) {
    return (
      <Input
        allowClear
        value={value}
        onChange={(e) => onChange(e.target.value.trim() || undefined)}
        placeholder={t('audit.userIdPlaceholder')}
        style={style}
        data-testid="audit-filter-user"
      />
    );
  }
  return (
    <Select
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value}
      onChange={(id: string | undefined) => onChange(id)}
      loading={users.isFetching}
      placeholder={t('audit.userPlaceholder')}
      options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: t('common.withNote', { main: u.displayName, note: u.username }) }))}
      style={style}
      popupMatchSelectWidth={false}
      data-testid="audit-filter-user"
    />
  );
};
