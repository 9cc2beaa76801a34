/** REL-9 on the customer-service manager's home page: answers of the last 30 days averaging 2 or lower, and the average. */
import { FrownOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Flex, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { call } from '../../api.js';
import { RatingText, surveysKey } from './survey-ui.js';

export const LowSatisfactionWidget = () => {
  const { t } = useTranslation();
  const from = dayjs().subtract(30, 'day').format('YYYY-MM-DD');
  const low = useQuery({ queryKey: [...surveysKey, 'home-low', from], queryFn: () => call('listSurveys', { query: { low: 'true', state: 'answered', limit: 5 } }) });
  const results = useQuery({ queryKey: [...surveysKey, 'home-results', from], queryFn: () => call('surveyResults', { query: { from } }) });
  const recent = (low.data?.items ?? []).filter((s) => s.respondedAt && s.respondedAt >= dayjs(from).toISOString());
  return (
    <Card size="small" style={{ height: '100%' }} data-testid="widget-low-satisfaction"
      title={<Flex gap={8} align="center"><span style={{ color: '#cf1322' }}><FrownOutlined /></span>{t('surveys.widget')}</Flex>}
      extra={<Link to="/surveys?low=true">›</Link>}>
      <Statistic title={t('surveys.widgetAvg')} value={results.data?.avgRating ?? '—'} suffix={results.data?.avgRating != null ? '/ 5' : undefined} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('surveys.widgetHint')}</Typography.Text>
      {recent.length === 0 ? (
        <div><Typography.Text type="secondary">{low.data ? t('surveys.widgetNone') : '—'}</Typography.Text></div>
      ) : (
        recent.map((s) => (
          <Flex key={s.id} justify="space-between" gap={8}>
            <Link to={`/customers/${s.customerId}`} data-testid={`widget-low-${s.id}`}>{s.customerName}</Link>
            <RatingText value={s.avgRating} />
          </Flex>
        ))
      )}
    </Card>
  );
};
