/** 查阅记录 (SEC-10): who viewed, revealed, printed, exported or downloaded the archive, newest first. */
import { Button, Empty, Flex, Spin, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { call } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { LoadError } from '../../ui/results.js';
import { useCursorList } from '../../ui/use-cursor-list.js';
import { customersKey } from './use-customers.js';

export const ViewersTab = ({ customerId }: { customerId: string }) => {
  const { t } = useTranslation();
  const viewers = useCursorList([...customersKey, 'viewers', customerId], (page) => call('customerViewers', { params: { id: customerId }, query: { limit: 50, ...page } }));
  if (viewers.isError) return <LoadError error={viewers.error} onRetry={() => void viewers.refetch()} />;
  if (viewers.isLoading) return <Spin />;
  if (viewers.items.length === 0) return <Empty description={t('customFields.viewersEmpty')} />;
  const showIp = viewers.items.some((v) => v.ip !== null);
  return (
    <>
      <Typography.Paragraph type="secondary">{t('customFields.viewersNote')}</Typography.Paragraph>
      <Table
        size="small"
        rowKey={(v) => `${v.at}-${v.action}-${v.actorId ?? ''}`}
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={viewers.items}
        data-testid="customer-viewers"
        columns={[
          { title: t('customFields.viewerAt'), dataIndex: 'at', render: formatDateTime, width: 170 },
          { title: t('customFields.viewer'), dataIndex: 'actorName', render: (v: string | null) => v ?? '—' },
          { title: t('customFields.viewerAction'), dataIndex: 'action', render: (a: string) => t(`auditActions.${a}` as never) },
          { title: t('customFields.viewerVia'), dataIndex: 'via', render: (v: string | null) => (v ? t(`customFields.via.${v}` as never, { defaultValue: v }) : '—') },
          ...(showIp ? [{ title: 'IP', dataIndex: 'ip', render: (v: string | null) => v ?? '—' }] : []),
        ]}
      />
      {viewers.hasNextPage ? (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void viewers.fetchNextPage()} loading={viewers.isFetchingNextPage}>{t('customers.loadMore')}</Button>
        </Flex>
      ) : null}
    </>
  );
};
