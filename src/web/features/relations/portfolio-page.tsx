/**
 * /relations/portfolio — 我的客户 (REL-1): the customers I own by class (A/B/C, unclassified) with
 * how many are overdue, then grade, class, tier, last contact and the next due contact, most urgent
 * first. Exported as the contact overview of my customers (same columns, xlsx/csv).
 */
import { Button, Card, Col, Flex, Row, Segmented, Statistic, Table, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { ContactState, portfolioItem } from '../../../contract/relations.js';
import { call, routeUrl } from '../../api.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { useCursorList } from '../../ui/use-cursor-list.js';
import { useCurrentUser } from '../auth/current-user.js';
import { ExportButtons } from '../evaluation/evaluation-ui.js';

type Item = z.infer<typeof portfolioItem>;
type ClassKey = 'A' | 'B' | 'C' | 'none';
const classes: ClassKey[] = ['A', 'B', 'C', 'none'];
const stateColor: Record<ContactState, string> = { ok: 'green', due_soon: 'orange', overdue: 'red' };
const day = (iso: string | null) => (iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10) : '—');
const worst = (r: Item): ContactState => (r.callState === 'overdue' || r.visitState === 'overdue' ? 'overdue' : r.callState === 'due_soon' || r.visitState === 'due_soon' ? 'due_soon' : 'ok');

export const PortfolioPage = () => {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [cls, setCls] = useState<ClassKey | 'all'>('all');
  // a portfolio is a few hundred customers: load them all (pages of 200) so the class figures are whole
  const list = useCursorList(['portfolio', me.id], (page) => call('ownerPortfolio', { query: { limit: 200, ...page } }));
  useEffect(() => {
    if (list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
  }, [list.hasNextPage, list.isFetchingNextPage, list]);
  const byClass = useMemo(() => {
    const m = new Map<ClassKey, { count: number; overdue: number }>(classes.map((c) => [c, { count: 0, overdue: 0 }]));
    for (const r of list.items) {
      const k = m.get(r.abcClass ?? 'none')!;
      k.count++;
      if (worst(r) === 'overdue') k.overdue++;
    }
    return m;
  }, [list.items]);
  const rows = cls === 'all' ? list.items : list.items.filter((r) => (r.abcClass ?? 'none') === cls);
  const classLabel = (c: ClassKey) => (c === 'none' ? t('relations.unclassified') : `${c} ${t('relations.abcClass')}`);
  return (
    <>
      <PageHeader
        title={t('relations.portfolio.title')}
        description={t('relations.portfolio.description')}
        extra={<ExportButtons testId="portfolio" href={(format) => routeUrl('exportContactOverview', { query: { ownerId: me.id, format, ...(cls !== 'all' ? { abcClass: cls } : {}) } })} />}
      />
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {classes.map((c) => {
          const k = byClass.get(c)!;
          return (
            <Col xs={12} md={6} key={c}>
              <Card size="small" hoverable onClick={() => setCls(cls === c ? 'all' : c)} style={cls === c ? { borderColor: '#1677ff' } : undefined} data-testid={`portfolio-class-${c}`}>
                <Statistic title={classLabel(c)} value={k.count} />
                {k.overdue > 0 ? <Tag color="red">{t('relations.portfolio.overdueCount', { count: k.overdue })}</Tag> : <Tag color="green">{t('relations.state.ok')}</Tag>}
              </Card>
            </Col>
          );
        })}
      </Row>
      <Flex style={{ marginBottom: 8 }}>
        <Segmented value={cls} onChange={(v) => setCls(v as ClassKey | 'all')} options={[{ value: 'all', label: t('relations.portfolio.all') }, ...classes.map((c) => ({ value: c, label: c === 'none' ? t('relations.unclassified') : c }))]} data-testid="portfolio-class" />
      </Flex>
      {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table<Item>
        data-testid="portfolio-table"
        rowKey="customerId"
        size="small"
        loading={list.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 720 }}
        columns={[
          { title: t('relations.portfolio.col.customer'), key: 'name', fixed: 'left', width: 170, render: (_, r) => <Link to={`/customers/${r.customerId}`}>{r.name}</Link> },
          { title: t('relations.portfolio.col.class'), dataIndex: 'abcClass', width: 55, render: (v: string | null) => v ?? '—' },
          { title: t('relations.portfolio.col.grade'), dataIndex: 'creditGrade', width: 80, render: (v: string | null) => v ?? '—' },
          { title: t('relations.portfolio.col.tier'), dataIndex: 'tier', width: 90, render: (v: string | null) => (v ? t(`customers.tier.${v as 'key'}`) : '—') },
          { title: t('relations.portfolio.col.lastContact'), dataIndex: 'lastContactAt', width: 100, render: day },
          { title: t('relations.portfolio.col.nextDue'), dataIndex: 'nextDueOn', width: 100 },
          {
            title: t('relations.portfolio.col.state'),
            key: 'state',
            width: 120,
            render: (_, r) => {
              const s = worst(r);
              return <Tag color={stateColor[s]} data-testid={`portfolio-state-${r.customerId}`}>{s === 'overdue' ? t('relations.overdueDays', { count: r.overdueDays }) : t(`relations.state.${s}`)}</Tag>;
            },
          },
          { title: '', key: 'log', width: 90, render: (_, r) => <Link to={`/relations/log?customerId=${r.customerId}`}><Button size="small">{t('relations.log')}</Button></Link> },
        ]}
      />
    </>
  );
};
