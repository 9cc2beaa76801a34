/**
 * 所属行业 picker (ARC-1): Ant Design Cascader over the vendored GB/T 4754—2017 table, 门类 →
 * 大类, searchable by name or code, in the user's language. Holds a 大类 code ('39'); as a list
 * filter (`section`) a 门类 letter ('C') may be chosen too.
 */
import { Cascader } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { industryDivision, industrySection, industryTree, type IndustryLanguage } from '../../contract/industries.js';

type Props = {
  value?: string | null | undefined;
  onChange?: (code: string | undefined) => void;
  /** A filter may stop at a 门类; an archive's industry is a 大类. */
  section?: boolean;
  placeholder?: string;
  style?: React.CSSProperties;
  id?: string;
  'data-testid'?: string;
};

/** '39' → ['C', '39']; 'C' → ['C']; anything else → []. */
export const industryPath = (code: string | null | undefined): string[] => {
  const division = industryDivision(code);
  if (division) return [division.section, division.code];
  return industrySection(code) ? [code!] : [];
};

export const IndustryCascader = ({ value, onChange, section = false, placeholder, style, id, ...rest }: Props) => {
  const { t, i18n } = useTranslation();
  const language: IndustryLanguage = i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
  const options = useMemo(() => industryTree(language), [language]);
  return (
    <Cascader
      id={id}
      options={options}
      value={industryPath(value ?? undefined)}
      onChange={(path) => onChange?.(path && path.length > 0 ? String(path[path.length - 1]) : undefined)}
      changeOnSelect={section}
      showSearch={{
        filter: (input, path) => {
          const words = input.trim().toLowerCase().split(/\s+/);
          return words.every((word) => path.some((o) => String(o['label']).toLowerCase().includes(word)));
        },
      }}
      placeholder={placeholder ?? t('industry.placeholder')}
      allowClear
      style={style ?? { width: '100%' }}
      popupMatchSelectWidth={false}
      data-testid={rest['data-testid']}
    />
  );
};
