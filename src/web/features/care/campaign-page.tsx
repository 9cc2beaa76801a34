/**
 * /care/:id — one care campaign (REL-8): reach and response rates as charts, the customers with
 * whether and how they were reached, their response, gift and attendance (filterable, exportable),
 * and the form recording a contact.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Descriptions, Dropdown, Flex, Form, Input, Modal, Select, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { careChannels, careResponses, type CareChannel, type CareResponse, type CareTarget } from '../../../contract/care.js';
import { call, isApiError } from '../../api.js';
import { PageHeader } from '../../ui/page-header.js';
import { errorLine } from '../../ui/problem.js';
import { LoadError } from '../../ui/results.js';
import { exportRows } from '../../ui/table-export.js';
import { testId } from '../../ui/test-id.js';
import { useCursorList } from '../../ui/use-cursor-list.js';
import { Chart } from '../evaluation/chart.js';
import { careKey } from './care-page.js';

type ReachValues = { channel: CareChannel; response: Exclude<CareResponse, 'pending'>; gift?: string; attended?: boolean; note?: string };

const ReachForm = ({ target, conference, onClose, onSaved }: { target: CareTarget; conference: boolean; onClose: () => void; onSaved: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReachValues>();
  const save = useMutation({
    mutationFn: (v: ReachValues) =>
      call('recordCareReach', { params: { id: target.id }, body: { version: target.version, channel: v.channel, response: v.response, gift: v.gift?.trim() || null, note: v.note?.trim() || null, ...(conference ? { attended: v.attended ?? false } : {}) } }),
    onSuccess: () => {
      void message.success(t('care.recorded'));
      onSaved();
      onClose();
    },
    onError: (e) => {
      void message.error(isApiError(e) && e.status === 409 ? t('care.stale') : errorLine(e, t));
      if (isApiError(e) && e.status === 409) onSaved();
    },
  });
  return (
    <Modal open title={`${t('care.record')} · ${target.customerName}`} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden okButtonProps={testId('care-reach-submit')}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ channel: target.channel ?? 'phone', response: target.response === 'pending' ? (conference ? 'accepted' : 'positive') : target.response, gift: target.gift ?? undefined, attended: target.attended ?? false, note: target.note ?? undefined }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="channel" label={t('care.channel')} rules={[{ required: true }]}>
          <Select options={careChannels.map((c) => ({ value: c, label: t(`care.channels.${c}`) }))} data-testid="care-reach-channel" />
        </Form.Item>
        <Form.Item name="response" label={t('care.response')} rules={[{ required: true }]}>
          <Select options={careResponses.filter((r) => r !== 'pending').map((r) => ({ value: r, label: t(`care.responses.${r}`) }))} data-testid="care-reach-response" />
        </Form.Item>
        <Form.Item name="gift" label={t('care.gift')}>
          <Input maxLength={200} data-testid="care-reach-gift" />
        </Form.Item>
        {conference ? (
          <Form.Item name="attended" valuePropName="checked">
            <Checkbox>{t('care.attended')}</Checkbox>
          </Form.Item>
        ) : null}
        <Form.Item name="note" label={t('care.note')}>
          <Input.TextArea maxLength={1000} autoSize={{ minRows: 2 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
};

export const CampaignPage = () => {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const [state, setState] = useState<'pending' | 'reached' | undefined>();
  const [channel, setChannel] = useState<CareChannel | undefined>();
  const [response, setResponse] = useState<CareResponse | undefined>();
  const [recording, setRecording] = useState<CareTarget | null>(null);
  const campaign = useQuery({ queryKey: [...careKey, 'campaign', id], queryFn: () => call('getCareCampaign', { params: { id } }) });
  const stats = useQuery({ queryKey: [...careKey, 'stats', id], queryFn: () => call('careCampaignStats', { params: { id } }) });
  const targets = useCursorList([...careKey, 'targets', id, state, channel, response], (page) =>
    call('listCareTargets', { params: { id }, query: { limit: 100, ...(state ? { state } : {}), ...(channel ? { channel } : {}), ...(response ? { response } : {}), ...page } }),
  );
  const reload = () => void queryClient.invalidateQueries({ queryKey: careKey });
  const c = campaign.data;
  const s = stats.data;
  const conference = c?.kind === 'conference';
  const columns = [
    { title: t('care.customer'), key: 'customer', render: (_: unknown, r: CareTarget) => <Link to={`/customers/${r.customerId}`}>{r.customerName}</Link> },
    { title: t('care.archiveNo'), dataIndex: 'archiveNo', responsive: ['md' as const] },
    { title: t('care.owner'), dataIndex: 'ownerName', responsive: ['lg' as const] },
    { title: t('care.channel'), key: 'channel', render: (_: unknown, r: CareTarget) => (r.channel ? t(`care.channels.${r.channel}`) : '—') },
    { title: t('care.response'), key: 'response', render: (_: unknown, r: CareTarget) => <Tag color={r.response === 'pending' ? 'default' : r.response === 'negative' || r.response === 'declined' ? 'red' : 'green'}>{t(`care.responses.${r.response}`)}</Tag> },
    { title: t('care.gift'), dataIndex: 'gift', responsive: ['md' as const] },
    ...(conference ? [{ title: t('care.attended'), key: 'attended', render: (_: unknown, r: CareTarget) => (r.attended === null ? '—' : r.attended ? t('care.yes') : t('care.no')) }] : []),
    { title: t('care.reachedAt'), key: 'reachedAt', responsive: ['lg' as const], render: (_: unknown, r: CareTarget) => (r.reachedAt ? dayjs(r.reachedAt).format('YYYY-MM-DD HH:mm') : '') },
    { title: '', key: 'action', render: (_: unknown, r: CareTarget) => <Button size="small" onClick={() => setRecording(r)} data-testid={`care-record-${r.customerId}`}>{t('care.record')}</Button> },
  ];
  const exportColumns = [
    { header: t('care.customer'), value: (r: CareTarget) => r.customerName },
    { header: t('care.archiveNo'), value: (r: CareTarget) => r.archiveNo },
    { header: t('care.owner'), value: (r: CareTarget) => r.ownerName ?? '' },
    { header: t('care.channel'), value: (r: CareTarget) => (r.channel ? t(`care.channels.${r.channel}`) : '') },
    { header: t('care.response'), value: (r: CareTarget) => t(`care.responses.${r.response}`) },
    { header: t('care.gift'), value: (r: CareTarget) => r.gift ?? '' },
    { header: t('care.attended'), value: (r: CareTarget) => (r.attended === null ? '' : r.attended ? t('care.yes') : t('care.no')) },
    { header: t('care.reachedAt'), value: (r: CareTarget) => (r.reachedAt ? dayjs(r.reachedAt).format('YYYY-MM-DD HH:mm') : '') },
    { header: t('care.reachedBy'), value: (r: CareTarget) => r.reachedByName ?? '' },
    { header: t('care.note'), value: (r: CareTarget) => r.note ?? '' },
  ];
  return (
    <>
      <PageHeader
        title={c?.name ?? t('care.detail')}
        description={c ? `${t(`care.kinds.${c.kind}`)}${c.holiday ? ` · ${t(`care.holidays.${c.holiday}`)}` : ''}${c.eventOn ? ` · ${c.eventOn}` : ''}` : undefined}
        extra={
          <Dropdown menu={{ items: [{ key: 'xlsx', label: 'Excel (.xlsx)' }, { key: 'csv', label: 'CSV' }], onClick: ({ key }) => exportRows(key as 'csv' | 'xlsx', `care-${id}`, c?.name ?? 'care', exportColumns, targets.items) }}>
            <Button icon={<DownloadOutlined />} disabled={targets.items.length === 0} data-testid="care-targets-export">
              {t('care.export')}
            </Button>
          </Dropdown>
        }
      />
      {campaign.error ? <LoadError error={campaign.error} onRetry={() => void campaign.refetch()} /> : null}
      {s ? (
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Card size="small" title={t('care.rates')} style={{ flex: '1 1 300px' }} data-testid="care-rates">
            <Descriptions size="small" column={2} items={[
              { key: 't', label: t('care.targets'), children: s.targets },
              { key: 'r', label: t('care.reached'), children: s.reached },
              { key: 'p', label: t('care.responded'), children: s.responded },
              ...(conference ? [{ key: 'a', label: t('care.attended'), children: s.attended }] : []),
            ]} />
            <Chart
              height={160}
              testId="care-rates-chart"
              option={{
                grid: { left: 72, right: 40, top: 8, bottom: 24 },
                xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
                yAxis: { type: 'category', data: [t('care.reachRate'), t('care.responseRate')] },
                series: [{ type: 'bar', data: [Math.round(s.reachRate * 100), Math.round(s.responseRate * 100)], label: { show: true, position: 'right', formatter: '{c}%' }, itemStyle: { color: '#1677ff' } }],
              }}
            />
          </Card>
          <Card size="small" title={t('care.byChannel')} style={{ flex: '1 1 300px' }}>
            <Chart
              height={220}
              testId="care-channel-chart"
              option={{
                tooltip: { trigger: 'item' },
                series: [{ type: 'pie', radius: ['40%', '70%'], data: s.byChannel.filter((x) => x.count > 0).map((x) => ({ name: t(`care.channels.${x.channel}`), value: x.count })) }],
              }}
            />
          </Card>
        </Flex>
      ) : null}
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select allowClear placeholder={t('common.status')} style={{ width: 140 }} value={state} onChange={setState} options={(['pending', 'reached'] as const).map((v) => ({ value: v, label: t(`care.state.${v}`) }))} data-testid="care-filter-state" />
        <Select allowClear placeholder={t('care.channel')} style={{ width: 140 }} value={channel} onChange={setChannel} options={careChannels.map((v) => ({ value: v, label: t(`care.channels.${v}`) }))} />
        <Select allowClear placeholder={t('care.response')} style={{ width: 140 }} value={response} onChange={setResponse} options={careResponses.map((v) => ({ value: v, label: t(`care.responses.${v}`) }))} />
      </Flex>
      {targets.error ? <LoadError error={targets.error} onRetry={() => void targets.refetch()} /> : null}
      <Table<CareTarget> rowKey="id" size="small" loading={targets.isLoading} dataSource={targets.items} columns={columns} pagination={false} scroll={{ x: 'max-content' }} data-testid="care-targets" />
      {targets.hasNextPage ? (
        <Button block style={{ marginTop: 8 }} loading={targets.isFetchingNextPage} onClick={() => void targets.fetchNextPage()}>
          {t('common.nextPage')}
        </Button>
      ) : null}
      {recording ? <ReachForm target={recording} conference={conference} onClose={() => setRecording(null)} onSaved={reload} /> : null}
    </>
  );
};
