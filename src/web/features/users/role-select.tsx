/** Role keys with their translated names (spec README: the keys are stable, the names are not). */
import { Select, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { roleKeys, type RoleKey } from '../../../contract/roles.js';

export const RoleSelect = ({
  value,
  onChange,
  multiple = false,
  placeholder,
  allowClear = false,
  testId,
}: {
  value?: RoleKey[] | RoleKey | null;
  onChange?: (value: RoleKey[] | RoleKey | null) => void;
  multiple?: boolean;
  placeholder?: string;
  allowClear?: boolean;
  testId?: string;
}) => {
  const { t } = useTranslation();
  return (
    <Select
      mode={multiple ? 'multiple' : undefined}
      value={value ?? undefined}
      onChange={(v: RoleKey[] | RoleKey | undefined) => onChange?.(v ?? null)}
      placeholder={placeholder}
      allowClear={allowClear}
      options={roleKeys.map((key) => ({ value: key, label: t(`roles.${key}`) }))}
      showSearch={{ optionFilterProp: 'label' }}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
};

export const RoleTags = ({ roles }: { roles: readonly RoleKey[] }) => {
  const { t } = useTranslation();
  return (
    <>
      {roles.map((r) => (
        <Tag key={r} color={r === 'admin' ? 'gold' : 'blue'} style={{ marginBlock: 2 }}>
          {t(`roles.${r}`)}
        </Tag>
      ))}
    </>
  );
};
