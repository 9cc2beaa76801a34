/** Picks a department from the tree; used by the department and user forms and the user filter. */
import { TreeSelect } from 'antd';
import { useMemo, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { buildDepartmentTree, useDepartments, type DepartmentNode } from './use-departments.js';

type Option = { value: string; title: string; disabled?: boolean; children?: Option[] };

const toOptions = (
  nodes: DepartmentNode[],
  exclude: ReadonlySet<string>,
  selectDisabled: boolean,
  disabledTitle: (name: string) => string,
): Option[] =>
  nodes
    .filter((n) => !exclude.has(n.id))
    .map((n) => ({
      value: n.id,
      title: n.disabled ? disabledTitle(n.name) : n.name,
      disabled: n.disabled && !selectDisabled,
      ...(n.children ? { children: toOptions(n.children, exclude, selectDisabled, disabledTitle) } : {}),
    }));

export const DepartmentTreeSelect = ({
  value,
  onChange,
  placeholder,
  exclude,
  selectDisabled = false,
  allowClear = false,
  testId,
  style,
}: {
  value?: string | null;
  onChange?: (value: string | null) => void;
  placeholder?: string;
  /** Departments (with their subtrees) not to offer. */
  exclude?: ReadonlySet<string>;
  /** Disabled departments are listed but not selectable unless this is set (filters). */
  selectDisabled?: boolean;
  allowClear?: boolean;
  testId?: string;
  style?: CSSProperties;
}) => {
  const { t } = useTranslation();
  const departments = useDepartments();
  const treeData = useMemo(
    () =>
      toOptions(buildDepartmentTree(departments.data ?? []), exclude ?? new Set(), selectDisabled, (name) =>
        t('common.withNote', { main: name, note: t('common.disabled') }),
      ),
    [departments.data, exclude, selectDisabled, t],
  );
  return (
    <TreeSelect
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      treeData={treeData}
      loading={departments.isPending}
      placeholder={placeholder ?? t('departments.selectPlaceholder')}
      allowClear={allowClear}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      style={{ width: '100%', ...style }}
      data-testid={testId}
      popupMatchSelectWidth={false}
    />
  );
};
