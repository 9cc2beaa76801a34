/** /surveys/results — 满意度调查结果 (REL-9): count and average, the monthly trend, the rating distribution per question, per owner and per customer. */
import { useQuery } from '@tanstack/react-query';
import { Card, Col, DatePicker, Empty, Flex, Row, Select, Spin, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { abcClasses } from '../../../contract/customers.js';
import { call } from '../../api.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { UserField } from '../archive-security/user-field.js';
import { Chart } from '../evaluation/chart.js';
import { chinaTime, RatingText, surveysKey } from './survey-ui.js';

const ratingColors = ['#cf1322', '#fa8c16', '#fadb14', '#73d13d', '#389e0d'];

export const SurveyResultsPage = () => {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(11, 'month').startOf('month'), dayjs()]);
  const [abcClass, setAbcClass] = useState<'A' | 'B' | 'C' | undefined>();
  const [ownerId, setOwnerId] = useState<string | undefined>();
  const query = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD'), ...(abcClass ? { abcClass } : {}), ...(ownerId ? { ownerId } : {}) };
  const r = useQuery({ queryKey: [...surveysKey, 'results', query], queryFn: () => call('surveyResults', { query }) });
  const d = r.data;
  const ratingQs = d?.byQuestion.filter((q) => q.kind === 'rating') ?? [];
  return (
    <>
      <PageHeader title={t('surveys.results')} description={t('surveys.intro')} />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} style={{ maxWidth: '100%' }} />
        <Select allowClear placeholder={t('surveys.abcClass')} style={{ minWidth: 100 }} value={abcClass} onChange={setAbcClass} options={abcClasses.map((c) => ({ value: c, label: c }))} />
        <Flex gap={4} align="center" style={{ minWidth: 220, flex: '0 1 320px' }}><span style={{ whiteSpace: 'nowrap' }}>{t('surveys.owner')}</span><UserField value={ownerId} onChange={setOwnerId} /></Flex>
      </Flex>
      {r.isError ? <LoadError error={r.error} onRetry={() => void r.refetch()} /> : !d ? <Spin /> : (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            <Col xs={12} md={6}><Card size="small"><Statistic title={t('surveys.count')} value={d.count} data-testid="survey-results-count" /></Card></Col>
            <Col xs={12} md={6}><Card size="small"><Statistic title={t('surveys.average')} value={d.avgRating ?? '—'} suffix={d.avgRating === null ? undefined : '/ 5'} valueStyle={{ color: d.avgRating !== null && d.avgRating <= 2 ? '#cf1322' : undefined }} data-testid="survey-results-avg" /></Card></Col>
          </Row>
          {d.count === 0 ? <Card><Empty description={t('surveys.noData')} /></Card> : (
            <Row gutter={[12, 12]}>
              <Col xs={24} lg={12}>
                <Card size="small" title={t('surveys.trend')}>
                  <Chart testId="survey-chart-trend" option={{
                    tooltip: { trigger: 'axis' }, legend: { data: [t('surveys.average'), t('surveys.count')], bottom: 0 },
                    grid: { left: 36, right: 36, top: 16, bottom: 48 },
                    xAxis: { type: 'category', data: d.byMonth.map((m) => m.month) },
                    yAxis: [{ type: 'value', min: 1, max: 5, interval: 1 }, { type: 'value', minInterval: 1, splitLine: { show: false } }],
                    series: [
                      { name: t('surveys.count'), type: 'bar', yAxisIndex: 1, data: d.byMonth.map((m) => m.count), itemStyle: { color: '#bae0ff' } },
                      { name: t('surveys.average'), type: 'line', data: d.byMonth.map((m) => m.avgRating), itemStyle: { color: '#1677ff' }, markLine: { silent: true, symbol: 'none', lineStyle: { color: '#cf1322', type: 'dashed' }, data: [{ yAxis: 2 }] } },
                    ],
                  }} />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card size="small" title={t('surveys.distribution')} extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('surveys.distributionHint')}</Typography.Text>}>
                  <Chart testId="survey-chart-distribution" option={{
                    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } }, legend: { bottom: 0, type: 'scroll' },
                    grid: { left: 80, right: 16, top: 8, bottom: 56 },
                    xAxis: { type: 'value', minInterval: 1 },
                    yAxis: { type: 'category', data: ratingQs.map((q) => q.text) },
                    series: [1, 2, 3, 4, 5].map((n) => ({ name: `${n} · ${t(`surveys.ratingLabels.r${n as 1}`)}`, type: 'bar', stack: 'r', itemStyle: { color: ratingColors[n - 1] }, data: ratingQs.map((q) => q.distribution[n - 1] ?? 0) })),
                  }} />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card size="small" title={t('surveys.byQuestion')}>
                  <Table size="small" pagination={false} rowKey="questionId" dataSource={d.byQuestion} scroll={{ x: 360 }} columns={[
                    { title: t('surveys.question'), dataIndex: 'text' },
                    { title: t('surveys.questionKind'), dataIndex: 'kind', width: 90, render: (k: 'rating') => t(`surveys.kinds.${k}`) },
                    { title: t('surveys.count'), dataIndex: 'count', width: 70 },
                    { title: t('surveys.avgRating'), dataIndex: 'avg', width: 80, render: (v: number | null) => <RatingText value={v} /> },
                  ]} />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card size="small" title={t('surveys.byOwner')}>
                  <Table size="small" pagination={false} rowKey={(o) => o.ownerId ?? '-'} dataSource={d.byOwner} data-testid="survey-results-owners" columns={[
                    { title: t('surveys.owner'), dataIndex: 'ownerName', render: (n: string | null) => n ?? '—' },
                    { title: t('surveys.count'), dataIndex: 'count', width: 80 },
                    { title: t('surveys.avgRating'), dataIndex: 'avgRating', width: 90, render: (v: number | null) => <RatingText value={v} /> },
                  ]} />
                </Card>
              </Col>
              <Col xs={24}>
                <Card size="small" title={t('surveys.byCustomer')}>
                  <Table size="small" pagination={false} rowKey="customerId" dataSource={d.byCustomer} scroll={{ x: 480 }} data-testid="survey-results-customers" columns={[
                    { title: t('surveys.customer'), dataIndex: 'customerName', render: (n: string, c) => <Link to={`/customers/${c.customerId}`}>{n}</Link> },
                    { title: t('surveys.count'), dataIndex: 'count', width: 80 },
                    { title: t('surveys.avgRating'), dataIndex: 'avgRating', width: 90, render: (v: number | null) => <RatingText value={v} /> },
                    { title: t('surveys.respondedAt'), dataIndex: 'lastRespondedAt', width: 150, render: chinaTime },
                  ]} />
                </Card>
              </Col>
            </Row>
          )}
        </>
      )}
    </>
  );
};
