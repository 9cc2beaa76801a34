/**
 * The one customer picker: an archive the caller may see, found by the archive search (name,
 * pinyin, initials, archive no.…) — the target of a merge, the customer of a complaint, a survey, a
 * revisit, a contract. A value given from outside (a form opened with ?customerId=) shows its name;
 * one the caller may not see (404) stays as it is, asked once.
 */
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { call } from '../../api.js';
import { customersKey } from './use-customers.js';

export const CustomerPicker = ({
  value,
  onChange,
  excludeId,
  placeholder,
  testId,
}: {
  value?: string | undefined;
  onChange?: (id: string | undefined) => void;
  excludeId?: string;
  placeholder?: string;
  testId?: string;
}) => {
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(search.trim()), 300);
    return () => clearTimeout(timer);
  }, [search]);
  const found = useQuery({
    queryKey: [...customersKey, 'picker', debounced],
    queryFn: () => call('listCustomers', { query: { limit: 20, q: debounced } }),
    enabled: debounced.length > 0,
  });
  const options = (found.data?.items ?? []).filter((c) => c.id !== excludeId).map((c) => ({ value: c.id, label: `${c.name}（${c.archiveNo}）` }));
  // a value given from outside (e.g. ?customerId= of the phone form) shows its name, not its id
  const known = !value || options.some((o) => o.value === value);
  const chosen = useQuery({ queryKey: [...customersKey, 'picker-one', value], queryFn: () => call('getCustomer', { params: { id: value! } }), enabled: !known, retry: false, staleTime: 60_000 });
  if (!known && chosen.data) options.unshift({ value: chosen.data.id, label: `${chosen.data.name}（${chosen.data.archiveNo}）` });
  return (
    <Select
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value}
      onChange={(id: string | undefined) => onChange?.(id)}
      loading={found.isFetching}
      placeholder={placeholder}
      notFoundContent={null}
      options={options}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
};
