/** Language picker for the sign-in page; the user menu offers the same choice. */
import { GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLanguage, languages, setLanguage } from '../i18n/index.js';

export const LanguageSwitch = () => {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [language],
        items: languages.map((l) => ({ key: l, label: <span data-testid={`language-${l}`}>{t(`language.${l}`)}</span> })),
        onClick: ({ key }) => void setLanguage(key as (typeof languages)[number]),
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} data-testid="language-switch">
        {t(`language.${language}`)}
      </Button>
    </Dropdown>
  );
};
