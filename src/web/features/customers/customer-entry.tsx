/** The home page's way into the archive: one search box and the recently updated customers. */
import { FolderOpenOutlined, MobileOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Input, List, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { call } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { enumLabel } from './customer-fields.js';
import { GradeTags } from './customer-tags.js';
import { customersKey } from './use-customers.js';

export const CustomerEntry = () => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const recent = useQuery({
    queryKey: [...customersKey, 'recent'],
    queryFn: () => call('listCustomers', { query: { limit: 6, sort: 'updatedAt:desc' } }),
  });
  return (
    <Card
      title={t('home.archiveTitle')}
      style={{ height: '100%' }}
      data-testid="home-customers"
      extra={
        <Space size={0}>
          <Link to="/m/lookup">
            <Button type="link" icon={<MobileOutlined />}>
              {t('customers.home.lookup')}
            </Button>
          </Link>
          <Link to="/customers">
            <Button type="link" icon={<FolderOpenOutlined />}>
              {t('customers.home.viewAll')}
            </Button>
          </Link>
        </Space>
      }
    >
      <Input.Search
        size="large"
        allowClear
        enterButton
        placeholder={t('customers.home.searchPlaceholder')}
        onSearch={(q) => void navigate(q.trim() ? `/customers?q=${encodeURIComponent(q.trim())}` : '/customers')}
        data-testid="home-customer-search"
        style={{ marginBottom: 16 }}
      />
      <Typography.Text type="secondary">{t('customers.home.recent')}</Typography.Text>
      <List
        loading={recent.isLoading}
        dataSource={recent.data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.home.recentEmpty')} /> }}
        renderItem={(c) => (
          <List.Item style={{ paddingInline: 0 }}>
            <div style={{ minWidth: 0, flex: 1 }}>
              <Link to={`/customers/${c.id}`} style={{ wordBreak: 'break-all' }}>
                {c.name}
              </Link>
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {c.archiveNo} · {enumLabel(t, 'customerType', c.customerType)} · {formatDateTime(c.updatedAt)}
              </Typography.Text>
            </div>
            <span style={{ flexShrink: 0 }}>
              <GradeTags customer={c} />
            </span>
          </List.Item>
        )}
      />
    </Card>
  );
};
