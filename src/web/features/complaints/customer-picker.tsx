/** Picks a visible customer archive by name, pinyin or archive number (the archive search). */
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { call } from '../../api.js';
import { useDebounced } from '../../ui/use-debounced.js';

export const CustomerPicker = ({ value, onChange, placeholder, testId, presetId }: { value?: string; onChange?: (v: string | undefined) => void; placeholder?: string; testId?: string; presetId?: string | null | undefined }) => {
  const [q, setQ] = useState('');
  const debounced = useDebounced(q, 250);
  const found = useQuery({
    queryKey: ['customers', 'pick', debounced],
    queryFn: () => call('listCustomers', { query: { q: debounced, limit: 20 } }),
    enabled: debounced.trim().length > 0,
  });
  // an archive named by the link that opened the form (?customerId=): its name, not its id, in the box
  const preset = useQuery({
    queryKey: ['customers', 'pick-preset', presetId],
    queryFn: () => call('getCustomer', { params: { id: presetId! } }),
    enabled: !!presetId && value === presetId,
    retry: false,
    staleTime: Infinity,
  });
  const options = (found.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name}（${c.archiveNo}）` }));
  if (preset.data && value === preset.data.id && !options.some((o) => o.value === value)) options.unshift({ value: preset.data.id, label: `${preset.data.name}（${preset.data.archiveNo}）` });
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
      options={options}
      style={{ width: '100%' }}
    />
  );
};
