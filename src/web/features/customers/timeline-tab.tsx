/** 动态: everything that happened to the customer, newest first (changes, contacts, transactions, feedback). */
import { PictureOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Spin, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { LoadError } from '../../ui/results.js';
import { DocumentPreviewModal, type Previewed } from '../documents/document-preview.js';
import { fieldLabel } from './customer-fields.js';
import { customersKey } from './use-customers.js';
import { useCursorList } from '../../ui/use-cursor-list.js';

const kindColor = { created: 'green', updated: 'blue', contact: 'cyan', transaction: 'gold', feedback: 'purple', document: 'geekblue', communication: 'magenta', complaint: 'red', revisit: 'lime', service_request: 'volcano' } as const;

export const TimelineTab = ({ customerId }: { customerId: string }) => {
  const { t } = useTranslation();
  const [previewing, setPreviewing] = useState<Previewed | null>(null);
  const timeline = useCursorList([...customersKey, 'timeline', customerId], (page) => call('customerTimeline', { params: { id: customerId }, query: { limit: 50, ...page } }));
  if (timeline.isError) return <LoadError error={timeline.error} onRetry={() => void timeline.refetch()} />;
  if (timeline.isLoading) return <Spin />;
  const items = timeline.items;
  if (items.length === 0) return <Empty description={t('customers.timeline.empty')} />;
  return (
    <>
      <Timeline
        data-testid="customer-timeline"
        items={items.map((item, i) => ({
          key: `${item.kind}-${item.refId}-${i}`,
          color: kindColor[item.kind],
          content: (
            <>
              <Typography.Text type="secondary">{formatDateTime(item.at)}</Typography.Text> <Tag color={kindColor[item.kind]}>{t(`customers.timeline.kinds.${item.kind}`)}</Tag>
              {item.actorName ? <Typography.Text type="secondary">{item.actorName}</Typography.Text> : null}
              <div style={{ wordBreak: 'break-word' }}>
                {/* An "updated" entry's title lists the changed field keys. */}
                {item.kind === 'updated' ? item.title.split(', ').map((f) => fieldLabel(t, f)).join('、') : item.title}
              </div>
              {item.photo ? (
                <Button size="small" type="link" icon={<PictureOutlined />} style={{ paddingInline: 0 }} data-testid={`timeline-photo-${item.refId}`} onClick={() => setPreviewing({ id: item.photo!.documentId, title: item.title, contentType: item.photo!.contentType })}>
                  {t('customers.timeline.photo')}
                </Button>
              ) : null}
            </>
          ),
        }))}
      />
      <DocumentPreviewModal doc={previewing} onClose={() => setPreviewing(null)} />
      {timeline.hasNextPage ? (
        <Flex justify="center">
          <Button onClick={() => void timeline.fetchNextPage()} loading={timeline.isFetchingNextPage}>
            {t('customers.loadMore')}
          </Button>
        </Flex>
      ) : null}
    </>
  );
};
