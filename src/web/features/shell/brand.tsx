/** The product mark: a blue tile with 档 and the product name. */
import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export const Brand = ({ collapsed = false, dark = false }: { collapsed?: boolean; dark?: boolean }) => {
  const { t } = useTranslation();
  return (
    <Flex align="center" gap={10} style={{ height: 32, lineHeight: 1, overflow: 'hidden', whiteSpace: 'nowrap' }}>
      <span
        aria-hidden
        style={{
          flex: '0 0 28px',
          height: 28,
          borderRadius: 6,
          background: '#1677ff',
          color: '#fff',
          fontWeight: 600,
          lineHeight: 1,
          display: 'grid',
          placeItems: 'center',
        }}
      >
        档
      </span>
      {collapsed ? null : (
        <Typography.Text strong style={{ fontSize: 16, color: dark ? '#fff' : undefined }}>
          {t('app.name')}
        </Typography.Text>
      )}
    </Flex>
  );
};
