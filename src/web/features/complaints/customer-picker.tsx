/** Picks a visible customer archive by name, pinyin or archive number (the archive search). */
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { call } from '../../api.js';
import { useDebounced } from '../../ui/use-debounced.js';

export const CustomerPicker = ({ value, onChange, placeholder, testId }: { value?: string; onChange?: (v: string | undefined) => void; placeholder?: string; testId?: string }) => {
  const [q, setQ] = useState('');
  const debounced = useDebounced(q, 250);
  const found = useQuery({
    queryKey: ['customers', 'pick', debounced],
    queryFn: () => call('listCustomers', { query: { q: debounced, limit: 20 } }),
    enabled: debounced.trim().length > 0,
  });
  return (
    <Select
      showSearch
      allowClear
      value={value}
      onChange={(v) => onChange?.(v)}
      filterOption={false}
      onSearch={setQ}
      placeholder={placeholder}
      loading={found.isFetching}
      data-testid={testId}
      options={(found.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name}（${c.archiveNo}）` }))}
      style={{ width: '100%' }}
    />
  );
};
