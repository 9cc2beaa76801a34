/** /service-requests/:id — one request: SLA timers, the next statuses, the conversation, history, escalation into a complaint. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Flex, Form, Input, Modal, Radio, Row, Spin, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { serviceNoteKinds, type ServiceNoteKind, type ServiceRequest, type ServiceStatus } from '../../../contract/service-requests.js';
import { call } from '../../api.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { testId } from '../../ui/test-id.js';
import { complaintsKey } from '../complaints/complaint-ui.js';
import { chinaTime, serviceRequestsKey, StatusTag } from './service-request-ui.js';

const StepModal = ({ request, to, onClose }: { request: ServiceRequest; to: ServiceStatus; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ resolution?: string; comment?: string }>();
  const errors = useFormErrors(form, ['resolution', 'comment'], 'service-step-error');
  const reopen = request.status === 'resolved' && to === 'in_progress';
  const move = useMutation({
    mutationFn: (v: { resolution?: string; comment?: string }) => call('transitionServiceRequest', { params: { id: request.id }, body: { to, ...(v.resolution ? { resolution: v.resolution } : {}), ...(v.comment ? { comment: v.comment } : {}) } }),
    onSuccess: async (r) => {
      void message.success(t('serviceRequests.moved', { status: t(`serviceRequests.statuses.${r.status}`) }));
      await queryClient.invalidateQueries({ queryKey: serviceRequestsKey });
      onClose();
    },
    onError: errors.onError,
  });
  return (
    <Modal open title={reopen ? t('serviceRequests.reopen') : t(`serviceRequests.actions.${to as 'closed'}`)} onCancel={onClose} onOk={() => form.submit()} confirmLoading={move.isPending} okButtonProps={testId('service-step-submit')} destroyOnHidden>
      {errors.alert}
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => move.mutate(v)} data-testid={`service-step-${to}`}>
        {to === 'resolved' ? <Form.Item name="resolution" label={t('serviceRequests.resolution')} rules={[{ required: true, whitespace: true }]}><Input.TextArea autoSize={{ minRows: 3 }} maxLength={4000} data-testid="service-resolution" /></Form.Item> : null}
        <Form.Item name="comment" label={t('serviceRequests.comment')} rules={reopen ? [{ required: true, whitespace: true }] : []}><Input.TextArea autoSize={{ minRows: 1 }} maxLength={2000} data-testid="service-comment" /></Form.Item>
      </Form>
    </Modal>
  );
};

const EscalateModal = ({ request, onClose }: { request: ServiceRequest; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason?: string; demand?: string; comment?: string }>();
  const errors = useFormErrors(form, ['reason', 'demand', 'comment'], 'service-escalate-error');
  const escalate = useMutation({
    mutationFn: (v: { reason?: string; demand?: string; comment?: string }) => call('escalateServiceRequest', { params: { id: request.id }, body: { ...(v.reason ? { reason: v.reason } : {}), ...(v.demand ? { demand: v.demand } : {}), ...(v.comment ? { comment: v.comment } : {}) } }),
    onSuccess: async (c) => {
      void message.success(t('serviceRequests.escalated', { no: c.complaintNo }));
      await Promise.all([queryClient.invalidateQueries({ queryKey: serviceRequestsKey }), queryClient.invalidateQueries({ queryKey: complaintsKey })]);
      void navigate(`/complaints/${c.id}`);
    },
    onError: errors.onError,
  });
  return (
    <Modal open title={t('serviceRequests.escalate')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={escalate.isPending} okButtonProps={{ danger: true, ...testId('service-escalate-submit') }} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('serviceRequests.escalateHint')}</Typography.Paragraph>
      {errors.alert}
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => escalate.mutate(v)}>
        <Form.Item name="demand" label={t('serviceRequests.demand')}><Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} data-testid="service-escalate-demand" /></Form.Item>
        <Form.Item name="reason" label={t('serviceRequests.reason')}><Input.TextArea autoSize={{ minRows: 2 }} maxLength={4000} /></Form.Item>
        <Form.Item name="comment" label={t('serviceRequests.comment')}><Input.TextArea autoSize={{ minRows: 1 }} maxLength={2000} /></Form.Item>
      </Form>
    </Modal>
  );
};

const NoteForm = ({ request }: { request: ServiceRequest }) => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ kind: ServiceNoteKind; body: string }>();
  const errors = useFormErrors(form, ['kind', 'body'], 'service-note-error');
  const add = useMutation({
    mutationFn: (v: { kind: ServiceNoteKind; body: string }) => call('addServiceNote', { params: { id: request.id }, body: v }),
    onSuccess: async () => {
      form.resetFields(['body']);
      await queryClient.invalidateQueries({ queryKey: serviceRequestsKey });
    },
    onError: errors.onError,
  });
  return (
    <Form form={form} layout="vertical" onFinish={(v) => add.mutate(v)} initialValues={{ kind: 'reply' }} data-testid="service-note-form">
      {errors.alert}
      <Form.Item name="kind" style={{ marginBottom: 8 }}>
        <Radio.Group optionType="button" size="small" options={serviceNoteKinds.map((k) => ({ value: k, label: t(`serviceRequests.noteKinds.${k}`) }))} />
      </Form.Item>
      <Form.Item name="body" rules={[{ required: true, whitespace: true }]} style={{ marginBottom: 8 }}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} placeholder={t('serviceRequests.noteBody')} data-testid="service-note-body" />
      </Form.Item>
      <Button htmlType="submit" type="primary" loading={add.isPending} data-testid="service-note-submit">{t('serviceRequests.addNote')}</Button>
    </Form>
  );
};

export const ServiceRequestPage = () => {
  const { t } = useTranslation();
  const { id } = useParams<{ id: string }>();
  const [step, setStep] = useState<ServiceStatus | null>(null);
  const [escalating, setEscalating] = useState(false);
  const q = useQuery({ queryKey: [...serviceRequestsKey, 'one', id], queryFn: () => call('getServiceRequest', { params: { id: id! } }) });
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Spin />;
  const r = q.data;
  const name = r.customerHidden ? <Typography.Text type="secondary">{t('serviceRequests.customerHidden')}</Typography.Text> : r.customerId ? <Link to={`/customers/${r.customerId}`}>{r.customerName}</Link> : <>{r.customerName} <Typography.Text type="secondary">（{t('serviceRequests.unfiled')}）</Typography.Text></>;
  const canEscalate = ['open', 'in_progress', 'waiting_customer', 'resolved'].includes(r.status);
  const timer = (due: string, at: string | null, breached: boolean) => (
    <Typography.Text type={breached ? 'danger' : at ? 'success' : undefined}>{chinaTime(due)}{at ? ` · ${chinaTime(at)}（${breached ? t('serviceRequests.breached') : t('serviceRequests.inTime')}）` : breached ? `（${t('serviceRequests.breached')}）` : ''}</Typography.Text>
  );
  return (
    <>
      <PageHeader title={<span data-testid="service-no">{r.requestNo}</span>} description={<StatusTag status={r.status} overdue={r.overdue} />} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex gap={8} wrap>
          {r.nextStatuses.map((to) => (
            <Button key={to} type={to === 'closed' ? 'default' : 'primary'} onClick={() => setStep(to)} data-testid={`service-action-${to}`}>{r.status === 'resolved' && to === 'in_progress' ? t('serviceRequests.reopen') : t(`serviceRequests.actions.${to as 'closed'}`)}</Button>
          ))}
          {canEscalate ? <Button danger onClick={() => setEscalating(true)} data-testid="service-escalate">{t('serviceRequests.escalate')}</Button> : null}
          {r.complaintId ? <Typography.Text>{t('serviceRequests.complaint')}：<Link to={`/complaints/${r.complaintId}`} data-testid="service-complaint-link">{r.complaintNo}</Link></Typography.Text> : null}
        </Flex>
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={r.subject} style={{ marginBottom: 12 }}>
            <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
              <Descriptions.Item label={t('serviceRequests.customer')}>{name}</Descriptions.Item>
              <Descriptions.Item label={t('serviceRequests.receivedAt')}>{chinaTime(r.receivedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('serviceRequests.category')}>{t(`serviceRequests.categories.${r.category}`)}</Descriptions.Item>
              <Descriptions.Item label={t('serviceRequests.urgency')}>{t(`serviceRequests.urgencies.${r.urgency}`)}</Descriptions.Item>
              <Descriptions.Item label={t('serviceRequests.channel')}>{t(`complaints.channels.${r.channel}`)}</Descriptions.Item>
              <Descriptions.Item label={t('serviceRequests.contactPhone')}>{[r.contactName, r.contactPhone].filter(Boolean).join(' ')}</Descriptions.Item>
              <Descriptions.Item label={t('serviceRequests.team')}>{r.teamName ?? t('serviceRequests.teamDefault')}</Descriptions.Item>
              <Descriptions.Item label={t('serviceRequests.assignee')}>{r.assigneeName}</Descriptions.Item>
              <Descriptions.Item label={t('serviceRequests.firstResponseDue')}><span data-testid="service-first-due">{timer(r.firstResponseDueAt, r.firstRespondedAt, r.firstResponseBreached)}</span></Descriptions.Item>
              <Descriptions.Item label={t('serviceRequests.resolutionDue')}><span data-testid="service-resolution-due">{timer(r.resolutionDueAt, r.resolvedAt, r.resolutionBreached)}</span></Descriptions.Item>
              <Descriptions.Item label={t('serviceRequests.description')} span={2}><span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{r.description}</span></Descriptions.Item>
              {r.resolution ? <Descriptions.Item label={t('serviceRequests.resolution')} span={2}>{r.resolution}</Descriptions.Item> : null}
            </Descriptions>
          </Card>
          <Card size="small" title={t('serviceRequests.notes')}>
            <Timeline
              data-testid="service-notes"
              items={r.notes.map((n) => ({
                key: n.id,
                color: n.kind === 'reply' ? 'green' : n.kind === 'customer' ? 'blue' : 'gray',
                content: (
                  <>
                    <Typography.Text type="secondary">{chinaTime(n.at)} · {t(`serviceRequests.noteKinds.${n.kind}`)} · {n.byName}</Typography.Text>
                    <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{n.body}</div>
                  </>
                ),
              }))}
            />
            {r.status !== 'closed' && r.status !== 'escalated' ? <NoteForm request={r} /> : null}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('serviceRequests.history')}>
            <Timeline
              data-testid="service-history"
              items={[
                { key: 'received', color: 'blue', content: <>{chinaTime(r.receivedAt)} · {t('serviceRequests.statuses.open')} · {r.receivedByName}</> },
                ...r.transitions.map((x, i) => ({
                  key: String(i),
                  color: x.to === 'escalated' ? 'red' : 'green',
                  content: (
                    <>
                      <Typography.Text type="secondary">{chinaTime(x.at)}</Typography.Text> {t(`serviceRequests.statuses.${x.from}`)} → <b>{t(`serviceRequests.statuses.${x.to}`)}</b> · {x.byName}
                      {x.comment ? <div style={{ wordBreak: 'break-word' }}>{x.comment}</div> : null}
                    </>
                  ),
                })),
              ]}
            />
          </Card>
        </Col>
      </Row>
      {step ? <StepModal request={r} to={step} onClose={() => setStep(null)} /> : null}
      {escalating ? <EscalateModal request={r} onClose={() => setEscalating(false)} /> : null}
    </>
  );
};
