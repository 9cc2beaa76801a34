/** /surveys — 满意度调查 (REL-9): every survey the reader may see, filtered and exported; send one, record a phone answer. */
import { BarChartOutlined, DownloadOutlined, FormOutlined, SendOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Flex, Select, Switch, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { abcClasses } from '../../../contract/customers.js';
import { surveyChannels, surveyStates, type SurveyState } from '../../../contract/surveys.js';
import { call, routeUrl } from '../../api.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { useCursorList } from '../../ui/use-cursor-list.js';
import { useCurrentUser } from '../auth/current-user.js';
import { SendSurveyDialog, SurveyDialog } from './survey-dialogs.js';
import { chinaTime, RatingText, SurveyStateTag, surveysKey } from './survey-ui.js';

export const SurveysPage = () => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const [params] = useSearchParams();
  const [state, setState] = useState<SurveyState | undefined>((params.get('state') as SurveyState | null) ?? undefined);
  const [channel, setChannel] = useState<'link' | 'phone' | undefined>();
  const [abcClass, setAbcClass] = useState<'A' | 'B' | 'C' | undefined>();
  const [low, setLow] = useState(params.get('low') === 'true');
  const [periodic, setPeriodic] = useState(params.get('periodic') === 'true');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [sending, setSending] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const query = {
    ...(state ? { state } : {}),
    ...(channel ? { channel } : {}),
    ...(abcClass ? { abcClass } : {}),
    ...(low ? { low: 'true' as const } : {}),
    ...(periodic ? { periodic: 'true' as const } : {}),
    ...(range?.[0] ? { from: range[0].format('YYYY-MM-DD') } : {}),
    ...(range?.[1] ? { to: range[1].format('YYYY-MM-DD') } : {}),
  };
  const list = useCursorList([...surveysKey, 'list', query], (page) => call('listSurveys', { query: { ...query, limit: 50, ...page } }));
  return (
    <>
      <PageHeader
        title={t('surveys.title')}
        description={t('surveys.intro')}
        extra={
          <>
            <Button type="primary" icon={<SendOutlined />} onClick={() => setSending(true)} data-testid="survey-send">{t('surveys.send')}</Button>
            <Button icon={<BarChartOutlined />} onClick={() => void navigate('/surveys/results')} data-testid="survey-results-link">{t('surveys.results')}</Button>
            {me.permissions.includes('users.manage') ? <Button icon={<FormOutlined />} onClick={() => void navigate('/surveys/templates')} data-testid="survey-templates-link">{t('surveys.templates')}</Button> : null}
            <Button icon={<DownloadOutlined />} href={routeUrl('exportSurveys', { query: { ...query, format: 'xlsx' } })} data-testid="survey-export">{t('surveys.export')}</Button>
          </>
        }
      />
      <Card size="small">
        <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
          <Select allowClear placeholder={t('surveys.state')} style={{ minWidth: 120 }} value={state} onChange={setState} options={surveyStates.map((s) => ({ value: s, label: t(`surveys.states.${s}`) }))} data-testid="survey-filter-state" />
          <Select allowClear placeholder={t('surveys.channel')} style={{ minWidth: 100 }} value={channel} onChange={setChannel} options={surveyChannels.map((c) => ({ value: c, label: t(`surveys.channelShort.${c}`) }))} />
          <Select allowClear placeholder={t('surveys.abcClass')} style={{ minWidth: 100 }} value={abcClass} onChange={setAbcClass} options={abcClasses.map((c) => ({ value: c, label: c }))} />
          <DatePicker.RangePicker value={range} onChange={(v) => setRange(v)} style={{ maxWidth: '100%' }} />
          <Flex gap={4} align="center"><Switch size="small" checked={low} onChange={setLow} data-testid="survey-filter-low" />{t('surveys.lowOnly')}</Flex>
          <Flex gap={4} align="center"><Switch size="small" checked={periodic} onChange={setPeriodic} />{t('surveys.onlyPeriodic')}</Flex>
        </Flex>
        {list.isError ? (
          <LoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table
            rowKey="id"
            size="small"
            loading={list.isLoading}
            dataSource={list.items}
            pagination={false}
            scroll={{ x: 960 }}
            locale={{ emptyText: t('surveys.empty') }}
            data-testid="survey-table"
            columns={[
              { title: t('surveys.customer'), dataIndex: 'customerName', fixed: 'left', width: 180, render: (n: string, r) => <Typography.Link onClick={() => setOpenId(r.id)} data-testid={`survey-row-${r.id}`}>{n}</Typography.Link> },
              { title: t('surveys.state'), dataIndex: 'state', width: 100, render: (s: SurveyState) => <SurveyStateTag state={s} /> },
              { title: t('surveys.avgRating'), dataIndex: 'avgRating', width: 90, render: (v: number | null) => <RatingText value={v} /> },
              { title: t('surveys.channel'), dataIndex: 'channel', width: 80, render: (c: 'link' | 'phone') => t(`surveys.channelShort.${c}`) },
              { title: t('surveys.template'), dataIndex: 'templateName', ellipsis: true, render: (n: string, r) => `${n} v${r.templateVersion}` },
              { title: t('surveys.period'), dataIndex: 'period', width: 90 },
              { title: t('surveys.owner'), dataIndex: 'ownerName', width: 100 },
              { title: t('surveys.sentAt'), dataIndex: 'sentAt', width: 140, render: chinaTime },
              { title: t('surveys.respondedAt'), dataIndex: 'respondedAt', width: 140, render: chinaTime },
              { title: '', key: 'act', width: 110, render: (_: unknown, r) => (r.state === 'sent' || r.state === 'expired') ? <Button size="small" onClick={() => setOpenId(r.id)} data-testid={`survey-record-${r.id}`}>{t('surveys.record')}</Button> : null },
            ]}
          />
        )}
        {list.hasNextPage ? (
          <Flex justify="center" style={{ marginTop: 12 }}>
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('surveys.loadMore')}</Button>
          </Flex>
        ) : null}
      </Card>
      <SendSurveyDialog open={sending} onClose={() => setSending(false)} onRecord={setOpenId} />
      <SurveyDialog surveyId={openId} onClose={() => setOpenId(null)} />
    </>
  );
};
