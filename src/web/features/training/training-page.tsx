/** /training — 员工培训 (REL-12): sessions (filter, export, detail with assessments and effect), plans per role, who has not completed their role's training. */
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Modal, Radio, Select, Switch, Table, Tabs, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { roleKeys, type RoleKey } from '../../../contract/roles.js';
import type { RouteResult } from '../../../contract/routes.js';
import { trainingTopics } from '../../../contract/training.js';
import { call, routeUrl } from '../../api.js';
import { PageHeader } from '../../ui/page-header.js';
import { errorLine } from '../../ui/problem.js';
import { LoadError } from '../../ui/results.js';
import { exportRows } from '../../ui/table-export.js';
import { useCursorList } from '../../ui/use-cursor-list.js';
import { SessionDrawer } from './session-drawer.js';

export const trainingKey = ['training'] as const;
type SessionItem = RouteResult<'listTrainingSessions'>['items'][number];
type Plan = RouteResult<'listTrainingPlans'>['items'][number];
type Gap = RouteResult<'trainingGaps'>['items'][number];

const usePlans = () => useQuery({ queryKey: [...trainingKey, 'plans'], queryFn: () => call('listTrainingPlans', { query: {} }) });
const useUserSearch = () => {
  const [q, setQ] = useState('');
  const users = useQuery({ queryKey: ['users', 'directory', q], queryFn: () => call('userDirectory', { query: { q, limit: 20 } }) });
  return { onSearch: setQ, options: (users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName}${u.departmentName ? ` · ${u.departmentName}` : ''}` })) };
};

type PlanValues = { title: string; role: RoleKey; topic: (typeof trainingTopics)[number]; description?: string; required: boolean; passScore: number };
/** New plan, or edit one (role and topic stay: another role gets its own plan). */
const PlanModal = ({ plan, onClose }: { plan?: Plan; onClose: () => void }) => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const save = useMutation({
    mutationFn: (v: PlanValues) => plan
      ? call('updateTrainingPlan', { params: { id: plan.id }, body: { title: v.title, description: v.description?.trim() ? v.description : null, required: v.required, passScore: v.passScore } })
      : call('createTrainingPlan', { body: v }),
    onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: trainingKey }); onClose(); },
  });
  return (
    <Modal open title={plan ? t('training.editPlan') : t('training.newPlan')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} width="min(520px, 100vw)">
      {save.isError ? <Alert type="error" showIcon message={errorLine(save.error, t)} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" initialValues={plan ? { ...plan, description: plan.description ?? undefined } : { required: true, passScore: 60, topic: 'service', role: 'sales' }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="title" label={t('training.planTitle')} rules={[{ required: true, whitespace: true, max: 100 }]}><Input data-testid="training-plan-title" /></Form.Item>
        <Form.Item name="role" label={t('training.role')} rules={[{ required: true }]}><Select disabled={plan !== undefined} options={roleKeys.map((r) => ({ value: r, label: t(`roles.${r}`) }))} /></Form.Item>
        <Form.Item name="topic" label={t('training.topic')} rules={[{ required: true }]}><Select disabled={plan !== undefined} options={trainingTopics.map((k) => ({ value: k, label: t(`training.topics.${k}`) }))} /></Form.Item>
        <Form.Item name="required" label={t('training.required')} valuePropName="checked"><Switch /></Form.Item>
        <Form.Item name="passScore" label={t('training.passScore')}><InputNumber min={0} max={100} precision={0} /></Form.Item>
        <Form.Item name="description" label={t('training.description')} rules={[{ max: 2000 }]}><Input.TextArea rows={3} /></Form.Item>
      </Form>
    </Modal>
  );
};

type SessionValues = { planId: string; heldOn: Dayjs; trainerKind: 'internal' | 'external'; trainerId?: string; trainerName?: string; attendeeIds: string[]; materialDocumentIds?: string[]; caseStudies?: string };
type SessionDetail = RouteResult<'getTrainingSession'>;
/** Record a session, or correct one (the trainer changes only when one is chosen; assessed attendees stay). */
const SessionModal = ({ session, onClose }: { session?: SessionDetail; onClose: () => void }) => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const plans = usePlans();
  const trainers = useUserSearch();
  const people = useUserSearch();
  const [form] = Form.useForm<SessionValues>();
  const kind = Form.useWatch('trainerKind', form);
  const save = useMutation({
    mutationFn: (v: SessionValues) => session ? call('updateTrainingSession', { params: { id: session.id }, body: {
      heldOn: v.heldOn.format('YYYY-MM-DD'), attendeeIds: v.attendeeIds,
      ...(v.trainerKind === 'internal' && v.trainerId ? { trainerId: v.trainerId } : {}),
      ...(v.trainerKind === 'external' && v.trainerName && v.trainerName !== session.trainerName ? { trainerName: v.trainerName } : {}),
      materialDocumentIds: v.materialDocumentIds ?? [],
      caseStudies: v.caseStudies?.trim() ? v.caseStudies : null,
    } }) : call('createTrainingSession', { body: {
      planId: v.planId, heldOn: v.heldOn.format('YYYY-MM-DD'), attendeeIds: v.attendeeIds,
      ...(v.trainerKind === 'internal' ? { trainerId: v.trainerId! } : { trainerName: v.trainerName! }),
      ...(v.materialDocumentIds?.length ? { materialDocumentIds: v.materialDocumentIds } : {}),
      ...(v.caseStudies ? { caseStudies: v.caseStudies } : {}),
    } }),
    onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: trainingKey }); onClose(); },
  });
  return (
    <Modal open title={session ? t('training.editSession') : t('training.newSession')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} width="min(560px, 100vw)">
      {save.isError ? <Alert type="error" showIcon message={errorLine(save.error, t)} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}
        initialValues={session ? {
          planId: session.planId, heldOn: dayjs(session.heldOn), trainerKind: session.trainerInternal ? 'internal' : 'external', ...(session.trainerInternal ? {} : { trainerName: session.trainerName }),
          attendeeIds: session.attendeeList.map((a) => a.userId), materialDocumentIds: session.materials.map((m) => m.documentId), caseStudies: session.caseStudies ?? undefined,
        } : { trainerKind: 'internal' }}>
        <Form.Item name="planId" label={t('training.plan')} rules={[{ required: true }]}><Select disabled={session !== undefined} options={(plans.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.title} · ${t(`roles.${p.role}`)}` }))} /></Form.Item>
        <Form.Item name="heldOn" label={t('training.heldOn')} rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="trainerKind" label={t('training.trainer')}><Radio.Group options={[{ value: 'internal', label: t('training.trainerKind.internal') }, { value: 'external', label: t('training.trainerKind.external') }]} /></Form.Item>
        {kind === 'external'
          ? <Form.Item name="trainerName" label={t('training.trainerName')} rules={[{ required: true, whitespace: true, max: 100 }]}><Input /></Form.Item>
          : <Form.Item name="trainerId" label={t('training.trainerKind.internal')} rules={[{ required: !session?.trainerInternal }]} extra={session?.trainerInternal ? t('training.keepTrainer', { name: session.trainerName }) : undefined}><Select showSearch filterOption={false} onSearch={trainers.onSearch} options={trainers.options} /></Form.Item>}
        <Form.Item name="attendeeIds" label={t('training.attendees')} rules={[{ required: true }]}><Select mode="multiple" showSearch filterOption={false} onSearch={people.onSearch} options={[...(session?.attendeeList ?? []).map((a) => ({ value: a.userId, label: `${a.userName} · ${a.departmentName}` })), ...people.options.filter((o) => !session?.attendeeList.some((a) => a.userId === o.value))]} /></Form.Item>
        <Form.Item name="materialDocumentIds" label={t('training.materials')} extra={t('training.materialsHint')}><Select mode="tags" tokenSeparators={[',', ' ']} open={false} /></Form.Item>
        <Form.Item name="caseStudies" label={t('training.caseStudies')} rules={[{ max: 10_000 }]}><Input.TextArea rows={4} /></Form.Item>
      </Form>
    </Modal>
  );
};

const SessionsTab = () => {
  const { t } = useTranslation();
  const plans = usePlans();
  const [planId, setPlanId] = useState<string | undefined>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [editing, setEditing] = useState<SessionDetail | null>(null);
  const filter = { ...(planId ? { planId } : {}), ...(range?.[0] ? { from: range[0].format('YYYY-MM-DD') } : {}), ...(range?.[1] ? { to: range[1].format('YYYY-MM-DD') } : {}) };
  const list = useCursorList([...trainingKey, 'sessions', filter], (page) => call('listTrainingSessions', { query: { limit: 50, ...filter, ...page } }));
  const columns = [
    { header: t('training.heldOn'), value: (s: SessionItem) => s.heldOn },
    { header: t('training.plan'), value: (s: SessionItem) => s.planTitle },
    { header: t('training.topic'), value: (s: SessionItem) => t(`training.topics.${s.topic}`) },
    { header: t('training.role'), value: (s: SessionItem) => t(`roles.${s.role}`) },
    { header: t('training.trainer'), value: (s: SessionItem) => s.trainerName },
    { header: t('training.attendees'), value: (s: SessionItem) => s.attendees },
    { header: t('training.avgScore'), value: (s: SessionItem) => s.avgScore },
  ];
  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select allowClear placeholder={t('training.allPlans')} value={planId} onChange={setPlanId} style={{ minWidth: 180 }} options={(plans.data?.items ?? []).map((p) => ({ value: p.id, label: p.title }))} />
        <DatePicker.RangePicker value={range} onChange={(v) => setRange(v)} placeholder={[t('training.from'), t('training.to')]} />
        <Button icon={<DownloadOutlined />} disabled={list.items.length === 0} onClick={() => exportRows('xlsx', 'training-sessions', t('training.tabs.sessions'), columns, list.items)}>{t('training.export')}</Button>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="training-session-new">{t('training.newSession')}</Button>
      </Flex>
      {list.error ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table<SessionItem> rowKey="id" size="small" loading={list.isLoading} dataSource={list.items} pagination={false} scroll={{ x: 640 }} locale={{ emptyText: t('training.empty') }}
        onRow={(s) => ({ onClick: () => setOpen(s.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('training.heldOn'), dataIndex: 'heldOn', width: 110 },
          { title: t('training.plan'), dataIndex: 'planTitle', render: (v: string, s) => <><a data-testid={`training-session-${s.id}`}>{v}</a><br /><Tag>{t(`training.topics.${s.topic}`)}</Tag></> },
          { title: t('training.trainer'), dataIndex: 'trainerName', render: (v: string, s) => <>{v} <Tag color={s.trainerInternal ? 'blue' : 'gold'}>{t(`training.trainerKind.${s.trainerInternal ? 'internal' : 'external'}`)}</Tag></> },
          { title: t('training.attendees'), dataIndex: 'attendees', width: 80 },
          { title: t('training.avgScore'), dataIndex: 'avgScore', width: 90, render: (v: number | null) => v ?? '—' },
        ]} />
      {list.hasNextPage ? <Flex justify="center" style={{ marginTop: 12 }}><Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('training.more')}</Button></Flex> : null}
      {creating ? <SessionModal onClose={() => setCreating(false)} /> : null}
      {open ? <SessionDrawer id={open} onClose={() => setOpen(null)} onEdit={setEditing} /> : null}
      {editing ? <SessionModal session={editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
};

const PlansTab = () => {
  const { t } = useTranslation();
  const [role, setRole] = useState<RoleKey | undefined>();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Plan | null>(null);
  const plans = useQuery({ queryKey: [...trainingKey, 'plans', role], queryFn: () => call('listTrainingPlans', { query: role ? { role } : {} }) });
  const items = plans.data?.items ?? [];
  const columns = [
    { header: t('training.planTitle'), value: (p: Plan) => p.title }, { header: t('training.role'), value: (p: Plan) => t(`roles.${p.role}`) },
    { header: t('training.topic'), value: (p: Plan) => t(`training.topics.${p.topic}`) }, { header: t('training.required'), value: (p: Plan) => (p.required ? t('training.required') : t('training.optional')) },
    { header: t('training.passScore'), value: (p: Plan) => p.passScore },
  ];
  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select allowClear placeholder={t('training.allRoles')} value={role} onChange={setRole} style={{ minWidth: 160 }} options={roleKeys.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        <Button icon={<DownloadOutlined />} disabled={items.length === 0} onClick={() => exportRows('xlsx', 'training-plans', t('training.tabs.plans'), columns, items)}>{t('training.export')}</Button>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="training-plan-new">{t('training.newPlan')}</Button>
      </Flex>
      {plans.isError ? <LoadError error={plans.error} onRetry={() => void plans.refetch()} /> : null}
      <Table<Plan> rowKey="id" size="small" loading={plans.isLoading} dataSource={items} pagination={false} scroll={{ x: 560 }} locale={{ emptyText: t('training.empty') }}
        columns={[
          { title: t('training.planTitle'), dataIndex: 'title' },
          { title: t('training.role'), dataIndex: 'role', render: (r: RoleKey) => t(`roles.${r}`) },
          { title: t('training.topic'), dataIndex: 'topic', render: (k: Plan['topic']) => t(`training.topics.${k}`) },
          { title: t('training.required'), dataIndex: 'required', width: 80, render: (r: boolean) => (r ? <Tag color="red">{t('training.required')}</Tag> : <Tag>{t('training.optional')}</Tag>) },
          { title: t('training.passScore'), dataIndex: 'passScore', width: 90 },
          { title: '', key: 'edit', width: 70, render: (_: unknown, p: Plan) => <Button size="small" type="link" onClick={() => setEditing(p)} data-testid={`training-plan-edit-${p.id}`}>{t('training.edit')}</Button> },
        ]} />
      {creating ? <PlanModal onClose={() => setCreating(false)} /> : null}
      {editing ? <PlanModal plan={editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
};

const GapsTab = () => {
  const { t } = useTranslation();
  const [role, setRole] = useState<RoleKey | undefined>();
  const [name, setName] = useState('');
  const gaps = useQuery({ queryKey: [...trainingKey, 'gaps', role], queryFn: () => call('trainingGaps', { query: role ? { role } : {} }), retry: false });
  const items = (gaps.data?.items ?? []).filter((g) => name.trim() === '' || g.userName.includes(name.trim()) || g.departmentName.includes(name.trim()));
  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select allowClear placeholder={t('training.allRoles')} value={role} onChange={setRole} style={{ minWidth: 160 }} options={roleKeys.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        <Input.Search allowClear placeholder={`${t('training.employee')} / ${t('training.department')}`} value={name} onChange={(e) => setName(e.target.value)} style={{ width: 200 }} />
        <Button icon={<DownloadOutlined />} href={routeUrl('exportTrainingGaps', { query: { format: 'xlsx', ...(role ? { role } : {}) } })} disabled={!gaps.data}>{t('training.export')}</Button>
      </Flex>
      {gaps.isError ? <Alert type="info" showIcon message={t('training.gapsForbidden')} description={errorLine(gaps.error, t)} /> : (
        <Table<Gap> rowKey={(g) => `${g.userId}:${g.planId}`} size="small" loading={gaps.isLoading} dataSource={items} pagination={false} scroll={{ x: 560 }} locale={{ emptyText: t('training.empty') }}
          title={() => t('training.gapsHint')}
          columns={[
            { title: t('training.employee'), dataIndex: 'userName' },
            { title: t('training.department'), dataIndex: 'departmentName' },
            { title: t('training.role'), dataIndex: 'role', render: (r: RoleKey) => t(`roles.${r}`) },
            { title: t('training.plan'), dataIndex: 'planTitle' },
            { title: t('training.bestScore'), dataIndex: 'bestScore', width: 90, render: (v: number | null) => v ?? t('training.notAssessed') },
          ]} />
      )}
    </>
  );
};

export const TrainingPage = () => {
  const { t } = useTranslation();
  App.useApp();
  return (
    <>
      <PageHeader title={t('training.title')} description={t('training.intro')} />
      <Card>
        <Tabs items={[
          { key: 'sessions', label: t('training.tabs.sessions'), children: <SessionsTab /> },
          { key: 'plans', label: t('training.tabs.plans'), children: <PlansTab /> },
          { key: 'gaps', label: t('training.tabs.gaps'), children: <GapsTab /> },
        ]} />
      </Card>
    </>
  );
};
