/** /complaints/rota — 轮班表 (SVC-6): who receives complaints at each hour of the week; gaps in red; the cs manager edits. */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, InputNumber, Select, Spin, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RotaEntry } from '../../../contract/complaints.js';
import { call } from '../../api.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { useCurrentUser } from '../auth/current-user.js';
import { complaintsKey } from './complaint-ui.js';

type Row = RotaEntry & { key: number; userName: string | null };
const days = [1, 2, 3, 4, 5, 6, 7] as const;

export const ComplaintRotaPage = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const keeper = me.roles.includes('cs_manager') || me.roles.includes('gm');
  const queryClient = useQueryClient();
  const rota = useQuery({ queryKey: [...complaintsKey, 'rota'], queryFn: () => call('getComplaintRota') });
  const people = useQuery({ queryKey: ['users', 'directory', 'cs'], queryFn: () => call('userDirectory', { query: { limit: 50 } }), enabled: keeper });
  const [rows, setRows] = useState<Row[]>([]);
  useEffect(() => {
    if (rota.data) setRows(rota.data.entries.map((e, i) => ({ ...e, key: i })));
  }, [rota.data]);
  const save = useMutation({
    mutationFn: () => call('updateComplaintRota', { body: { entries: rows.map(({ userId, weekday, startHour, endHour }) => ({ userId, weekday, startHour, endHour })) } }),
    onSuccess: async () => {
      void message.success(t('complaints.saved'));
      await queryClient.invalidateQueries({ queryKey: [...complaintsKey, 'rota'] });
    },
    onError: (e) => void message.error(e instanceof Error ? e.message : String(e)),
  });
  if (rota.isError) return <LoadError error={rota.error} onRetry={() => void rota.refetch()} />;
  if (!rota.data) return <Spin />;
  const csPeople = (people.data?.items ?? []).filter((u) => u.roles.includes('cs_staff') || u.roles.includes('cs_manager'));
  const who = (day: number, hour: number) => rows.find((r) => r.weekday === day && r.startHour <= hour && hour < r.endHour);
  const update = (key: number, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <>
      <PageHeader title={t('complaints.rotaTitle')} description={t('complaints.rotaIntro')} />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Tag color={rota.data.onDutyNow ? 'green' : 'red'} data-testid="rota-on-duty">{rota.data.onDutyNow ? `${t('complaints.onDutyNow')}：${rota.data.onDutyNow.userName}` : t('complaints.nobodyOnDuty')}</Tag>
      </Flex>
      {rota.data.gaps.length > 0 ? (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="rota-gaps" title={t('complaints.gaps')}
          description={rota.data.gaps.map((g) => `${t(`complaints.weekdays.d${g.weekday as 1}`)} ${g.startHour}:00–${g.endHour}:00`).join('；')} />
      ) : <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('complaints.noGaps')} />}
      <Card size="small" style={{ marginBottom: 12, overflowX: 'auto' }}>
        <table style={{ borderCollapse: 'collapse', fontSize: 11, minWidth: 620 }} data-testid="rota-grid">
          <thead><tr><th />{Array.from({ length: 24 }, (_, h) => <th key={h} style={{ width: 24, fontWeight: 'normal' }}>{h}</th>)}</tr></thead>
          <tbody>
            {days.map((d) => (
              <tr key={d}>
                <th style={{ paddingRight: 6, whiteSpace: 'nowrap', fontWeight: 'normal' }}>{t(`complaints.weekdays.d${d}`)}</th>
                {Array.from({ length: 24 }, (_, h) => {
                  const r = who(d, h);
                  return <td key={h} title={r?.userName ?? t('complaints.gaps')} style={{ height: 22, border: '1px solid #fff', background: r ? '#95de64' : '#ffccc7' }} />;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <Card size="small">
        <Table<Row> size="small" rowKey="key" pagination={false} dataSource={rows} scroll={{ x: 560 }}
          columns={[
            { title: t('complaints.person'), dataIndex: 'userId', render: (v: string, r) => (keeper ? <Select style={{ minWidth: 140 }} value={v} onChange={(x) => update(r.key, { userId: x, userName: csPeople.find((p) => p.id === x)?.displayName ?? null })} options={[...csPeople.map((p) => ({ value: p.id, label: p.displayName })), ...(csPeople.some((p) => p.id === v) ? [] : [{ value: v, label: r.userName ?? v }])]} /> : r.userName) },
            { title: t('complaints.weekday'), dataIndex: 'weekday', render: (v: number, r) => (keeper ? <Select value={v} onChange={(x) => update(r.key, { weekday: x })} options={days.map((d) => ({ value: d, label: t(`complaints.weekdays.d${d}`) }))} /> : t(`complaints.weekdays.d${v as 1}`)) },
            { title: t('complaints.startHour'), dataIndex: 'startHour', render: (v: number, r) => (keeper ? <InputNumber min={0} max={23} value={v} onChange={(x) => update(r.key, { startHour: x ?? 0 })} /> : v) },
            { title: t('complaints.endHour'), dataIndex: 'endHour', render: (v: number, r) => (keeper ? <InputNumber min={1} max={24} value={v} onChange={(x) => update(r.key, { endHour: x ?? 24 })} /> : v) },
            ...(keeper ? [{ title: '', key: 'x', render: (_: unknown, r: Row) => <Button size="small" icon={<DeleteOutlined />} onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))} /> }] : []),
          ]}
        />
        {keeper ? (
          <Flex gap={8} wrap style={{ marginTop: 12 }}>
            <Button icon={<PlusOutlined />} disabled={csPeople.length === 0} onClick={() => setRows((rs) => [...rs, { key: Date.now(), userId: csPeople[0]!.id, userName: csPeople[0]!.displayName, weekday: 1, startHour: 8, endHour: 18 }])}>{t('complaints.addShift')}</Button>
            <Button type="primary" loading={save.isPending} onClick={() => save.mutate()} data-testid="rota-save">{t('complaints.saveRota')}</Button>
          </Flex>
        ) : <Typography.Text type="secondary" />}
      </Card>
    </>
  );
};
