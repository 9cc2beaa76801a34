/**
 * /relations/revisits/new — 客户回访报告表 (REL-7) on one phone screen: customer, date and method
 * first, the three kinds of information as voice-friendly text areas, satisfaction as stars.
 * `?customerId=&taskId=&communicationId=` prefill it from a revisit task or a logged visit.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, Rate, Segmented } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { revisitMethods, type RevisitReport } from '../../../contract/revisits.js';
import { call } from '../../api.js';
import { CustomerPicker } from '../customers/customer-picker.js';

type Values = { customerId: string; visitedOn: Dayjs; method: RevisitReport['method']; contactsMet?: string; evaluation: string; marketDemand?: string; serviceSuggestions?: string; satisfaction: number; followUpActions?: string };
const opt = (s: string | undefined) => (s?.trim() ? s : undefined);

export const RevisitFormPage = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const taskId = params.get('taskId') ?? undefined;
  const communicationId = params.get('communicationId') ?? undefined;
  const mutation = useMutation({
    mutationFn: (v: Values) =>
      call('createRevisitReport', {
        body: {
          customerId: v.customerId,
          visitedOn: v.visitedOn.format('YYYY-MM-DD'),
          method: v.method,
          evaluation: v.evaluation,
          satisfaction: v.satisfaction,
          ...(opt(v.contactsMet) ? { contactsMet: v.contactsMet } : {}),
          ...(opt(v.marketDemand) ? { marketDemand: v.marketDemand } : {}),
          ...(opt(v.serviceSuggestions) ? { serviceSuggestions: v.serviceSuggestions } : {}),
          ...(opt(v.followUpActions) ? { followUpActions: v.followUpActions } : {}),
          ...(taskId ? { taskId } : {}),
          ...(communicationId ? { communicationId } : {}),
        },
      }),
    onSuccess: async () => {
      void message.success(t('relations.revisits.form.saved'));
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['revisit-reports'] }), queryClient.invalidateQueries({ queryKey: ['tasks'] })]);
      void navigate('/relations/revisits');
    },
    onError: (e) => void message.error(e instanceof Error ? e.message : String(e)),
  });
  const required = [{ required: true, whitespace: true, message: t('relations.form.required') }];
  const area = (max: number, testId?: string) => <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={max} {...(testId ? { 'data-testid': testId } : {})} />;
  return (
    <Card title={t('relations.revisits.form.title')} style={{ maxWidth: 560, margin: '0 auto' }} styles={{ body: { padding: 12 } }}>
      {taskId ? <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('relations.revisits.form.fromTask', { id: taskId })} /> : null}
      {communicationId ? <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('relations.revisits.form.fromCommunication', { id: communicationId })} /> : null}
      <Form<Values>
        layout="vertical"
        requiredMark={false}
        initialValues={{ customerId: params.get('customerId') ?? undefined, visitedOn: dayjs(), method: params.get('method') === 'phone' ? 'phone' : 'visit', satisfaction: 4 }}
        onFinish={(v) => mutation.mutate(v)}
      >
        <Form.Item name="customerId" label={t('relations.revisits.form.customer')} rules={[{ required: true, message: t('relations.form.required') }]}>
          <CustomerPicker testId="revisit-customer" />
        </Form.Item>
        <Form.Item name="method" label={t('relations.revisits.form.method')}>
          <Segmented block options={revisitMethods.map((m) => ({ value: m, label: t(`relations.revisits.methods.${m}`) }))} />
        </Form.Item>
        <Form.Item name="visitedOn" label={t('relations.revisits.form.visitedOn')} rules={[{ required: true, message: t('relations.form.required') }]}>
          <DatePicker style={{ width: '100%' }} inputReadOnly disabledDate={(d) => d.isAfter(dayjs().endOf('day'))} />
        </Form.Item>
        <Form.Item name="contactsMet" label={t('relations.revisits.form.contactsMet')}>
          <Input maxLength={500} data-testid="revisit-contacts" />
        </Form.Item>
        <Form.Item name="evaluation" label={t('relations.revisits.form.evaluation')} extra={t('relations.revisits.form.evaluationHint')} rules={required}>
          {area(5000, 'revisit-evaluation')}
        </Form.Item>
        <Form.Item name="marketDemand" label={t('relations.revisits.form.marketDemand')}>{area(5000, 'revisit-demand')}</Form.Item>
        <Form.Item name="serviceSuggestions" label={t('relations.revisits.form.serviceSuggestions')}>{area(5000, 'revisit-suggestions')}</Form.Item>
        <Form.Item name="satisfaction" label={t('relations.revisits.form.satisfaction')} rules={[{ required: true, message: t('relations.form.required') }]}>
          <Rate allowClear={false} tooltips={[1, 2, 3, 4, 5].map((n) => t(`relations.revisits.satisfactionLabels.s${n as 1}`))} data-testid="revisit-satisfaction" />
        </Form.Item>
        <Form.Item name="followUpActions" label={t('relations.revisits.form.followUpActions')}>{area(5000)}</Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={mutation.isPending} data-testid="revisit-submit">{t('relations.revisits.form.submit')}</Button>
      </Form>
    </Card>
  );
};
