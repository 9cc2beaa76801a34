/** /complaints/:id — the complaint: state diagram, 记录单 and 处理单 details, the next steps' forms, history. */
import { PrinterOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Col, Descriptions, Flex, Form, Input, Modal, Radio, Rate, Row, Select, Space, Spin, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { complaintSeverities, resolutionKinds, type Complaint, type ComplaintTarget, type TransitionBody } from '../../../contract/complaints.js';
import { call, routeUrl } from '../../api.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { PageHeader } from '../../ui/page-header.js';
import { testId } from '../../ui/test-id.js';
import { LoadError } from '../../ui/results.js';
import { chinaTime, complaintsKey, StateDiagram, StateTag } from './complaint-ui.js';
import { CustomerPicker } from '../customers/customer-picker.js';
import { SignOffFields, useSignOff, type SignOffValue } from './sign-off-pad.js';

const approvalSteps: ComplaintTarget[] = ['plan_approved'];
type StepValues = Record<string, unknown> & { signOff?: SignOffValue; resolutionKind?: string; lossAmount?: string };

const StepModal = ({ complaint, to, onClose }: { complaint: Complaint; to: ComplaintTarget; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<StepValues>();
  const signOff = useSignOff();
  const errors = useFormErrors(form, ['comment', 'explanation', 'responsibleDepartmentId', 'severity', 'cause', 'plan', 'satisfaction', 'comments', 'receiverOpinion', 'managerOpinion', 'customerOpinion'], 'complaint-step-error');
  const departments = useQuery({ queryKey: ['departments', 'all'], queryFn: () => call('listDepartments', { query: { limit: 200 } }), enabled: to === 'assigned' });
  const move = useMutation({
    mutationFn: async (v: StepValues) => {
      const body: TransitionBody = { to };
      for (const k of ['comment', 'explanation', 'customerAcknowledged', 'responsibleDepartmentId', 'severity', 'cause', 'plan', 'satisfaction', 'comments', 'receiverOpinion', 'managerOpinion', 'customerOpinion'] as const) {
        const x = v[k];
        if (x !== undefined && x !== null && x !== '') (body as Record<string, unknown>)[k] = x;
      }
      if (to === 'resolved') {
        body.resolution = { kind: v.resolutionKind as 'other', lossAmount: v.lossAmount ?? '0' };
        body.customerSignOff = await signOff.collect(complaint.customerId, complaint.complaintNo, v.signOff!);
      }
      return call('transitionComplaint', { params: { id: complaint.id }, body });
    },
    onSuccess: async (c) => {
      void message.success(t('complaints.moved', { state: t(`complaints.states.${c.state}`) }));
      await queryClient.invalidateQueries({ queryKey: complaintsKey });
      onClose();
    },
    onError: errors.onError,
  });
  return (
    <Modal open title={t(`complaints.actions.${to as 'analysing'}`)} onCancel={onClose} onOk={() => form.submit()} confirmLoading={move.isPending} okText={t('complaints.doTransition')} okButtonProps={testId('complaint-step-submit')} destroyOnHidden width={640}>
      {errors.alert}
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => move.mutate(v)} data-testid={`complaint-step-${to}`}>
        {to === 'explained' ? (
          <>
            <Form.Item name="explanation" label={t('complaints.explanation')} rules={[{ required: true, whitespace: true }]}><Input.TextArea autoSize={{ minRows: 3 }} maxLength={4000} /></Form.Item>
            <Form.Item name="customerAcknowledged" valuePropName="checked" initialValue><Checkbox>{t('complaints.acknowledged')}</Checkbox></Form.Item>
          </>
        ) : null}
        {to === 'assigned' ? (
          <>
            <Form.Item name="responsibleDepartmentId" label={t('complaints.department')} rules={[{ required: true }]}>
              <Select data-testid="complaint-department" options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))} loading={departments.isLoading} showSearch optionFilterProp="label" />
            </Form.Item>
            <Form.Item name="severity" label={t('complaints.severity')} rules={[{ required: true }]} initialValue="normal">
              <Radio.Group optionType="button" options={complaintSeverities.map((s) => ({ value: s, label: t(`complaints.severities.${s}`) }))} />
            </Form.Item>
          </>
        ) : null}
        {to === 'investigating' ? <Form.Item name="cause" label={t('complaints.cause')} rules={[{ required: true, whitespace: true }]}><Input.TextArea autoSize={{ minRows: 3 }} maxLength={4000} data-testid="complaint-cause" /></Form.Item> : null}
        {to === 'plan_proposed' ? <Form.Item name="plan" label={t('complaints.plan')} rules={[{ required: true, whitespace: true }]}><Input.TextArea autoSize={{ minRows: 3 }} maxLength={4000} data-testid="complaint-plan" /></Form.Item> : null}
        {to === 'resolved' ? (
          <>
            <Flex gap={12} wrap>
              <Form.Item name="resolutionKind" label={t('complaints.resolutionKind')} rules={[{ required: true }]} style={{ flex: '1 1 160px' }}>
                <Select data-testid="complaint-resolution-kind" options={resolutionKinds.map((k) => ({ value: k, label: t(`complaints.resolutions.${k}`) }))} />
              </Form.Item>
              <Form.Item name="lossAmount" label={t('complaints.lossAmount')} rules={[{ required: true, pattern: /^\d{1,18}(\.\d{1,2})?$/ }]} initialValue="0.00" style={{ flex: '1 1 140px' }}>
                <Input inputMode="decimal" data-testid="complaint-loss" />
              </Form.Item>
            </Flex>
            <Form.Item name="receiverOpinion" label={t('complaints.receiverOpinion')}><Input.TextArea autoSize maxLength={2000} /></Form.Item>
            <Form.Item name="managerOpinion" label={t('complaints.managerOpinion')}><Input.TextArea autoSize maxLength={2000} /></Form.Item>
            <Form.Item name="customerOpinion" label={t('complaints.customerOpinion')}><Input.TextArea autoSize maxLength={2000} /></Form.Item>
            <SignOffFields state={signOff} canFile={complaint.customerId !== null} />
          </>
        ) : null}
        {to === 'followed_up' ? (
          <>
            <Form.Item name="satisfaction" label={t('complaints.satisfaction')} rules={[{ required: true }]}><Rate data-testid="complaint-satisfaction" /></Form.Item>
            <Form.Item name="comments" label={t('complaints.comments')} rules={[{ required: true, whitespace: true }]}><Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} data-testid="complaint-comments" /></Form.Item>
          </>
        ) : null}
        <Form.Item name="comment" label={to === 'reopened' ? t('complaints.reopenReason') : t('complaints.comment')} rules={to === 'reopened' ? [{ required: true, whitespace: true }] : []}>
          <Input.TextArea autoSize={{ minRows: 1 }} maxLength={2000} data-testid="complaint-comment" />
        </Form.Item>
      </Form>
    </Modal>
  );
};

const LinkCustomer = ({ complaint }: { complaint: Complaint }) => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [id, setId] = useState<string | undefined>();
  const link = useMutation({ mutationFn: () => call('linkComplaintCustomer', { params: { id: complaint.id }, body: { customerId: id! } }), onSuccess: () => queryClient.invalidateQueries({ queryKey: complaintsKey }) });
  return (
    <Space.Compact style={{ width: '100%', maxWidth: 420 }}>
      <CustomerPicker value={id} onChange={setId} placeholder={t('complaints.linkHint')} />
      <Button disabled={!id} loading={link.isPending} onClick={() => link.mutate()}>{t('complaints.linkCustomer')}</Button>
    </Space.Compact>
  );
};

export const ComplaintPage = () => {
  const { t } = useTranslation();
  const { id } = useParams<{ id: string }>();
  const [step, setStep] = useState<ComplaintTarget | null>(null);
  const q = useQuery({ queryKey: [...complaintsKey, 'one', id], queryFn: () => call('getComplaint', { params: { id: id! } }) });
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Spin />;
  const c = q.data;
  const doable = c.nextTargets.filter((x) => !approvalSteps.includes(x) && !(c.state === 'plan_proposed' && x === 'investigating'));
  const name = c.customerHidden ? <Typography.Text type="secondary">{t('complaints.customerHidden')}</Typography.Text> : c.customerId ? <Link to={`/customers/${c.customerId}`}>{c.customerName}</Link> : <>{c.customerName} <Typography.Text type="secondary">（{t('complaints.notFiled')}）</Typography.Text></>;
  return (
    <>
      <PageHeader
        title={<span data-testid="complaint-no">{c.complaintNo}</span>}
        description={<StateTag state={c.state} overdue={c.overdue} />}
        extra={<Button icon={<PrinterOutlined />} href={routeUrl('printComplaint', { params: { id: c.id } })} target="_blank">{t('complaints.print')}</Button>}
      />
      <Card size="small" title={t('complaints.diagram')} style={{ marginBottom: 12 }}>
        <StateDiagram state={c.state} explained={c.explanation !== null && c.responsibleDepartmentId === null} />
      </Card>
      <Card size="small" title={t('complaints.next')} style={{ marginBottom: 12 }}>
        {c.state === 'plan_proposed' && c.approvalId ? (
          <Typography.Paragraph>{t('complaints.waitingApproval')} <Link to={`/approvals/${c.approvalId}`}>{t('complaints.openApproval')}</Link></Typography.Paragraph>
        ) : null}
        <Flex gap={8} wrap>
          {doable.length === 0 && !(c.state === 'plan_proposed') ? <Typography.Text type="secondary">{t('complaints.noNext')}</Typography.Text> : null}
          {doable.map((to) => (
            <Button key={to} type={to === 'closed' || to === 'reopened' ? 'default' : 'primary'} onClick={() => setStep(to)} data-testid={`complaint-action-${to}`}>{t(`complaints.actions.${to as 'analysing'}`)}</Button>
          ))}
        </Flex>
        {c.customerId === null ? <div style={{ marginTop: 12 }}><LinkCustomer complaint={c} /></div> : null}
        {c.serviceRequestId ? <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>{t('serviceRequests.fromRequest')}：<Link to={`/service-requests/${c.serviceRequestId}`} data-testid="complaint-service-request">{t('serviceRequests.title')}</Link></Typography.Paragraph> : null}
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card size="small" title="客户投诉记录单 / 处理单">
            <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
              <Descriptions.Item label={t('complaints.customer')}>{name}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.receivedAt')}>{chinaTime(c.receivedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.channel')}>{t(`complaints.channels.${c.channel}`)}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.category')}>{t(`complaints.categories.${c.category}`)}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.contactPhone')}>{[c.contactName, c.contactPhone].filter(Boolean).join(' ')}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.receivedBy')}>{c.receivedByName}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.handler')}>{c.handlerName}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.businessAddress')}>{c.businessAddress}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.reason')} span={2}>{c.reason}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.demand')} span={2}>{c.demand}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.products')} span={2}>{c.products.map((p) => `${p.product} ${p.quantity}${p.unit}`).join('；')}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.handlingNo')}>{c.handlingNo}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.department')}>{c.responsibleDepartmentName}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.severity')}>{c.severity ? t(`complaints.severities.${c.severity}`) : ''}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.deadline')}><Typography.Text type={c.overdue ? 'danger' : undefined} data-testid="complaint-deadline">{chinaTime(c.deadlineAt)}</Typography.Text></Descriptions.Item>
              {c.explanation ? <Descriptions.Item label={t('complaints.explanation')} span={2}>{c.explanation}</Descriptions.Item> : null}
              {c.cause ? <Descriptions.Item label={t('complaints.cause')} span={2}>{c.cause}</Descriptions.Item> : null}
              {c.plan ? <Descriptions.Item label={t('complaints.plan')} span={2}>{c.plan}</Descriptions.Item> : null}
              {c.resolution ? <Descriptions.Item label={t('complaints.resolution')} span={2}>{t(`complaints.resolutions.${c.resolution.kind}`)} · ¥{c.resolution.lossAmount}</Descriptions.Item> : null}
              {c.receiverOpinion ? <Descriptions.Item label={t('complaints.receiverOpinion')} span={2}>{c.receiverOpinion}</Descriptions.Item> : null}
              {c.managerOpinion ? <Descriptions.Item label={t('complaints.managerOpinion')} span={2}>{c.managerOpinion}</Descriptions.Item> : null}
              {c.customerOpinion ? <Descriptions.Item label={t('complaints.customerOpinion')} span={2}>{c.customerOpinion}</Descriptions.Item> : null}
              {c.customerSignOff ? (
                <Descriptions.Item label={t('complaints.signOff')} span={2}>
                  <span data-testid="complaint-signoff">{c.customerSignOff.name} {c.customerSignOff.date} · {t(`complaints.signOffKinds.${c.customerSignOff.kind}`)}</span>
                  {c.customerSignOff.documentId && c.customerId ? <> · <Link to={`/customers/${c.customerId}?tab=documents`}>{t('complaints.signatureSaved')}</Link></> : null}
                </Descriptions.Item>
              ) : null}
              {c.followUp ? (
                <Descriptions.Item label={t('complaints.followUp')} span={2}>
                  <Rate disabled value={c.followUp.satisfaction} /> {c.followUp.comments}
                  {/* SVC-8 REL-7 the follow-up is kept as the customer's revisit report (客户回访报告表) */}
                  {c.followUp.revisitReportId ? (
                    <> · <a href={routeUrl('printRevisitReport', { params: { id: c.followUp.revisitReportId } })} target="_blank" rel="noreferrer" data-testid="complaint-revisit-report">{t('complaints.revisitReport')}</a></>
                  ) : c.customerId ? null : <Typography.Text type="secondary"> · {t('complaints.revisitOnLink')}</Typography.Text>}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('complaints.history')}>
            <Timeline
              data-testid="complaint-history"
              items={[
                { key: 'received', color: 'blue', content: <>{chinaTime(c.receivedAt)} · {t('complaints.states.received')} · {c.receivedByName}</> },
                ...c.transitions.map((x, i) => ({
                  key: String(i),
                  color: x.to === 'reopened' ? 'red' : 'green',
                  content: (
                    <>
                      <Typography.Text type="secondary">{chinaTime(x.at)}</Typography.Text> {t(`complaints.states.${x.from}`)} → <b>{t(`complaints.states.${x.to}`)}</b> · {x.byName}
                      {x.comment ? <div style={{ wordBreak: 'break-word' }}>{x.comment}</div> : null}
                    </>
                  ),
                })),
              ]}
            />
          </Card>
        </Col>
      </Row>
      {step ? <StepModal complaint={c} to={step} onClose={() => setStep(null)} /> : null}
    </>
  );
};
