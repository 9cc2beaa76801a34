/**
 * /s/:token — the public 客户满意度调查 (REL-9): no sign-in, phone first. Shows who asks, the
 * customer's short name and the questions; an answered or expired link answers with a clear page.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Button, Card, Form, Result, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { call, isApiError } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { LanguageSwitch } from '../../ui/language-switch.js';
import { AnswerFields, answersOf, type AnswerValues } from './survey-ui.js';

const Shell = ({ children }: { children: ReactNode }) => (
  <div style={{ minHeight: '100vh', background: '#f5f5f5', padding: '16px 12px 32px' }}>
    <div style={{ maxWidth: 560, margin: '0 auto' }}>
      <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 8 }}>
        <LanguageSwitch />
      </div>
      {children}
    </div>
  </div>
);

const Refusal = ({ error }: { error: unknown }) => {
  const { t } = useTranslation();
  const rule = isApiError(error) ? error.rule : undefined;
  const status = isApiError(error) ? error.status : 0;
  const [title, sub] =
    rule === 'REL-9.answered' ? [t('surveys.public.answered'), t('surveys.public.answeredHint')]
      : rule === 'REL-9.expired' || rule === 'REL-9.cancelled' ? [t('surveys.public.expired'), t('surveys.public.expiredHint')]
        : status === 429 ? [t('surveys.public.tooMany'), '']
          : [t('surveys.public.notFound'), t('surveys.public.notFoundHint')];
  return (
    <Card>
      <Result status={rule === 'REL-9.answered' ? 'success' : 'warning'} title={<span data-testid="public-survey-refused">{title}</span>} subTitle={sub} />
    </Card>
  );
};

export const PublicSurveyPage = () => {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const [form] = Form.useForm<AnswerValues>();
  const validToken = /^kds_[A-Za-z0-9_-]{43}$/.test(token);
  const info = useQuery({ queryKey: ['public-survey', token], queryFn: () => call('getPublicSurvey', { params: { token } }), retry: false, enabled: validToken, staleTime: Infinity });
  const questions = info.data?.questions ?? [];
  const formErrors = useFormErrors(form, questions.map((q) => `q:${q.id}`), 'public-survey-error');
  const submit = useMutation({
    mutationFn: (v: AnswerValues) => call('submitPublicSurvey', { params: { token }, body: { answers: answersOf(questions, v) } }),
    onMutate: formErrors.clear,
    onError: (e) => {
      // `answers.0.rating` → the form's `q:<id>` field
      if (isApiError(e)) e.errors.splice(0, e.errors.length, ...e.errors.map((x) => {
        const m = /^answers\.(\d+)/.exec(x.path);
        const answered = answersOf(questions, form.getFieldsValue());
        return m && answered[Number(m[1])] ? { ...x, path: `q:${answered[Number(m[1])]!.questionId}` } : x;
      }));
      formErrors.onError(e);
    },
  });

  if (!validToken) return <Shell><Refusal error={null} /></Shell>;
  if (info.isLoading) return <Shell><Spin style={{ display: 'block', margin: '64px auto' }} /></Shell>;
  if (info.isError) return <Shell><Refusal error={info.error} /></Shell>;
  if (submit.isSuccess) {
    return (
      <Shell>
        <Card>
          <Result status="success" title={<span data-testid="public-survey-done">{t('surveys.public.done')}</span>} subTitle={t('surveys.public.doneHint')} />
        </Card>
      </Shell>
    );
  }
  const data = info.data!;
  return (
    <Shell>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0, textAlign: 'center' }}>{data.templateName || t('surveys.public.title')}</Typography.Title>
        <Typography.Paragraph>{t('surveys.public.intro', { company: data.companyName, customer: data.customerName })}</Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('surveys.public.expiresAt', { time: formatDateTime(data.expiresAt) })}</Typography.Paragraph>
        {formErrors.alert}
        {submit.isError && isApiError(submit.error) && submit.error.rule?.startsWith('REL-9.') ? <Refusal error={submit.error} /> : null}
        <Form form={form} layout="vertical" onFinish={(v) => submit.mutate(v)} data-testid="public-survey-form">
          <AnswerFields questions={data.questions} requireRatings />
          <Button type="primary" htmlType="submit" block size="large" loading={submit.isPending} data-testid="public-survey-submit">{t('surveys.public.submit')}</Button>
        </Form>
      </Card>
    </Shell>
  );
};
