/** Several colleagues at once (REL-1 owners shared in turn), searched in the user directory; inside a Form.Item. */
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api.js';
import { useDebounced } from '../../ui/use-debounced.js';

export const UsersField = ({ value, onChange, testId }: { value?: string[]; onChange?: (ids: string[]) => void; testId?: string }) => {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const debounced = useDebounced(search.trim(), 250);
  const users = useQuery({ queryKey: ['users', 'directory', debounced], queryFn: () => call('userDirectory', { query: { limit: 20, ...(debounced ? { q: debounced } : {}) } }), staleTime: 30_000 });
  return (
    <Select
      mode="multiple"
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value}
      onChange={(ids: string[]) => onChange?.(ids)}
      loading={users.isFetching}
      placeholder={t('common.search')}
      data-testid={testId}
      options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))}
    />
  );
};
