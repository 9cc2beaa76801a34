/** The list's filter bar: debounced search, classification filters, filed-date range and saved filter sets (localStorage). */
import { DeleteOutlined, FilterOutlined, SaveOutlined, StarOutlined } from '@ant-design/icons';
import { Button, DatePicker, Dropdown, Flex, Input, Modal, Select, Form, App } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { abcClasses, creditGrades } from '../../../contract/customers.js';
import { useFilterWidth } from '../../ui/use-filter-width.js';
import { RegionCascader } from '../../ui/region-cascader.js';
import { IndustryCascader } from '../../ui/industry-cascader.js';
import { enumOptions, fieldLabel, type EnumField } from './customer-fields.js';
import type { CustomerFilters } from './use-customers.js';

type SavedFilter = { name: string; filters: CustomerFilters };
const savedKey = 'kedang.customers.savedFilters';

const readSaved = (): SavedFilter[] => {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(savedKey) ?? '[]');
    return Array.isArray(parsed) ? (parsed as SavedFilter[]) : [];
  } catch {
    return [];
  }
};
const writeSaved = (list: SavedFilter[]) => {
  try {
    window.localStorage.setItem(savedKey, JSON.stringify(list));
  } catch {
    // storage unavailable: the filter lives for this visit only
  }
};

const SaveFilterModal = ({ open, onClose, onSave }: { open: boolean; onClose: () => void; onSave: (name: string) => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string }>();
  return (
    <Modal open={open} title={t('customers.saveFilter')} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => onSave(v.name.trim())}>
        <Form.Item name="name" label={t('customers.filterName')} rules={[{ required: true, whitespace: true, message: t('customers.filterNameRequired') }]}>
          <Input maxLength={40} autoFocus data-testid="customers-filter-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
};

export const CustomerFilterBar = ({ filters, onChange }: { filters: CustomerFilters; onChange: (f: CustomerFilters) => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const width = useFilterWidth();
  const [q, setQ] = useState(filters.q ?? '');
  const [more, setMore] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<SavedFilter[]>(readSaved);

  // Debounced search: the list follows the typing without a request per key.
  useEffect(() => {
    const timer = setTimeout(() => {
      const next = q.trim() || undefined;
      if (next !== filters.q) onChange({ ...filters, q: next });
    }, 300);
    return () => clearTimeout(timer);
  }, [q]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => setQ(filters.q ?? ''), [filters.q]);

  const set = (patch: Partial<CustomerFilters>) => onChange({ ...filters, ...patch });
  const enumSelect = (field: EnumField & keyof CustomerFilters, px = 140) => (
    <Select
      key={field}
      allowClear
      placeholder={fieldLabel(t, field)}
      value={filters[field] as string | undefined}
      onChange={(v: string | undefined) => set({ [field]: v } as Partial<CustomerFilters>)}
      options={enumOptions(t, field)}
      style={width(px)}
      data-testid={`customers-filter-${field}`}
    />
  );
  const plainSelect = (field: 'creditGrade' | 'abcClass', values: readonly string[]) => (
    <Select
      key={field}
      allowClear
      placeholder={fieldLabel(t, field)}
      value={filters[field]}
      onChange={(v: string | undefined) => set({ [field]: v } as Partial<CustomerFilters>)}
      options={values.map((v) => ({ value: v, label: v }))}
      style={width(120)}
      data-testid={`customers-filter-${field}`}
    />
  );
  const active = Object.entries(filters).some(([, v]) => v !== undefined && v !== '');

  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onSearch={(v) => set({ q: v.trim() || undefined })}
          placeholder={t('customers.searchPlaceholder')}
          style={width(320)}
          data-testid="customers-search"
        />
        {enumSelect('customerType')}
        {enumSelect('category')}
        {enumSelect('status')}
        <Button icon={<FilterOutlined />} onClick={() => setMore((m) => !m)} type={more ? 'primary' : 'default'} ghost={more}>
          {t('customers.moreFilters')}
        </Button>
        <Dropdown
          trigger={['click']}
          menu={{
            items:
              saved.length === 0
                ? [{ key: 'none', disabled: true, label: t('customers.noSavedFilters') }]
                : saved.map((s, i) => ({
                    key: String(i),
                    label: (
                      <Flex justify="space-between" gap={16}>
                        <span>{s.name}</span>
                        <DeleteOutlined
                          aria-label={t('customers.deleteFilter')}
                          onClick={(e) => {
                            e.stopPropagation();
                            const next = saved.filter((_, j) => j !== i);
                            setSaved(next);
                            writeSaved(next);
                          }}
                        />
                      </Flex>
                    ),
                  })),
            onClick: ({ key }) => {
              const s = saved[Number(key)];
              if (s) onChange(s.filters);
            },
          }}
        >
          <Button icon={<StarOutlined />} data-testid="customers-saved-filters">
            {t('customers.savedFilters')}
          </Button>
        </Dropdown>
        <Button icon={<SaveOutlined />} disabled={!active} onClick={() => setSaving(true)}>
          {t('customers.saveFilter')}
        </Button>
        {active ? <Button onClick={() => onChange({})}>{t('common.reset')}</Button> : null}
      </Flex>
      {more ? (
        <Flex gap={8} wrap style={{ marginBottom: 12 }} data-testid="customers-more-filters">
          {enumSelect('stage')}
          {enumSelect('importance')}
          {enumSelect('tier')}
          {plainSelect('creditGrade', creditGrades)}
          {plainSelect('abcClass', abcClasses)}
          <Select
            allowClear
            placeholder={t('customFields.lifecycle.label')}
            value={filters.lifecycle === 'active' || filters.lifecycle === 'dormant' ? filters.lifecycle : undefined}
            onChange={(v: 'active' | 'dormant' | undefined) => set({ lifecycle: v })}
            options={(['active', 'dormant'] as const).map((v) => ({ value: v, label: t(`customFields.lifecycle.${v}`) }))}
            style={width(120)}
            data-testid="customers-filter-lifecycle"
          />
          <RegionCascader prefix value={filters.region} onChange={(code) => set({ region: code })} style={width(200)} data-testid="customers-filter-region" />
          <IndustryCascader section value={filters.industryCode} onChange={(code) => set({ industryCode: code })} placeholder={t('industry.filterPlaceholder')} style={width(220)} data-testid="customers-filter-industry" />
          <DatePicker.RangePicker
            allowEmpty={[true, true]}
            placeholder={[t('customers.filedFrom'), t('customers.filedTo')]}
            value={[filters.filedFrom ? dayjs(filters.filedFrom) : null, filters.filedTo ? dayjs(filters.filedTo) : null]}
            onChange={(range) =>
              set({ filedFrom: range?.[0]?.format('YYYY-MM-DD') ?? undefined, filedTo: range?.[1]?.format('YYYY-MM-DD') ?? undefined })
            }
            style={width(260)}
          />
          {(['created', 'updated', 'lastContact'] as const).map((k) => (
            <DatePicker.RangePicker
              key={k}
              allowEmpty={[true, true]}
              placeholder={[t(`customFields.dateFilters.${k}From`), t(`customFields.dateFilters.${k}To`)]}
              value={[filters[`${k}From`] ? dayjs(filters[`${k}From`]) : null, filters[`${k}To`] ? dayjs(filters[`${k}To`]) : null]}
              onChange={(range) => set({ [`${k}From`]: range?.[0]?.format('YYYY-MM-DD') ?? undefined, [`${k}To`]: range?.[1]?.format('YYYY-MM-DD') ?? undefined } as Partial<CustomerFilters>)}
              style={width(260)}
              data-testid={`customers-filter-${k}`}
            />
          ))}
        </Flex>
      ) : null}
      <SaveFilterModal
        open={saving}
        onClose={() => setSaving(false)}
        onSave={(name) => {
          const next = [...saved.filter((s) => s.name !== name), { name, filters }];
          setSaved(next);
          writeSaved(next);
          setSaving(false);
          void message.success(t('customers.filterSaved'));
        }}
      />
    </>
  );
};
