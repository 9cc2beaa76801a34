/**
 * A colleague chooser that works inside a Form.Item (which hands its child `value` and `onChange`):
 * searches the directory every signed-in user may read (name, department, roles).
 */
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api.js';
import { useDebounced } from '../../ui/use-debounced.js';

export const UserField = ({ value, onChange, style }: { value?: string; onChange?: (id: string | undefined) => void; style?: CSSProperties }) => {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const debounced = useDebounced(search.trim(), 250);
  const users = useQuery({
    queryKey: ['users', 'directory', debounced],
    queryFn: () => call('userDirectory', { query: { limit: 20, ...(debounced ? { q: debounced } : {}) } }),
    staleTime: 30_000,
  });
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      value={value}
      onChange={(id: string | undefined) => onChange?.(id)}
      loading={users.isFetching}
      style={style ?? { width: '100%' }}
      placeholder={t('common.search')}
      data-testid="user-field"
      options={(users.data?.items ?? []).map((u) => ({
        value: u.id,
        label: `${u.displayName}（${u.username}${u.departmentName ? ` · ${u.departmentName}` : ''}）${u.roles.length ? ` ${u.roles.map((r) => t(`roles.${r}`)).join('、')}` : ''}`,
      }))}
    />
  );
};
