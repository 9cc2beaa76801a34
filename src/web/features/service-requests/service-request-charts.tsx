/** The service statistics' charts (SVC-10): per period, by category and by team (loaded lazily with ECharts). */
import { Col, Row } from 'antd';
import type { z } from 'zod';
import { useTranslation } from 'react-i18next';
import type { serviceStatisticsSchema } from '../../../contract/service-requests.js';
import { Chart } from '../evaluation/chart.js';

type Stats = z.infer<typeof serviceStatisticsSchema>;

export const ServiceCharts = ({ stats }: { stats: Stats }) => {
  const { t } = useTranslation();
  const categories = Object.entries(stats.byCategory).map(([k, v]) => ({ name: t(`serviceRequests.categories.${k as 'other'}`), value: v }));
  return (
    <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
      <Col xs={24} md={10}>
        <Chart testId="service-chart-periods" height={220} option={{
          title: { text: t('serviceRequests.stats.periods'), textStyle: { fontSize: 13 } }, tooltip: { trigger: 'axis' }, grid: { left: 36, right: 12, bottom: 24, top: 36 },
          xAxis: { type: 'category', data: stats.periods.map((p) => p.period) }, yAxis: { type: 'value', minInterval: 1 },
          series: [{ type: 'bar', name: t('serviceRequests.stats.total'), data: stats.periods.map((p) => p.total) }, { type: 'bar', name: t('serviceRequests.statuses.resolved'), data: stats.periods.map((p) => p.resolved) }],
        }} />
      </Col>
      <Col xs={24} md={7}>
        <Chart testId="service-chart-category" height={220} option={{ title: { text: t('serviceRequests.stats.byCategory'), textStyle: { fontSize: 13 } }, tooltip: { trigger: 'item' }, series: [{ type: 'pie', radius: ['35%', '65%'], top: 24, data: categories }] }} />
      </Col>
      <Col xs={24} md={7}>
        <Chart testId="service-chart-team" height={220} option={{
          title: { text: t('serviceRequests.stats.byTeam'), textStyle: { fontSize: 13 } }, tooltip: { trigger: 'axis' }, grid: { left: 80, right: 12, bottom: 24, top: 36 },
          yAxis: { type: 'category', data: stats.byTeam.map((x) => x.name ?? t('serviceRequests.teamDefault')) }, xAxis: { type: 'value', minInterval: 1 },
          series: [{ type: 'bar', data: stats.byTeam.map((x) => x.count) }],
        }} />
      </Col>
    </Row>
  );
};
