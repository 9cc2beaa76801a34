/**
 * /f/:token — the public 客户资料搜集表 (ARC-14): no sign-in, phone first. Shows only the fields
 * the link was issued for; a used, expired or withdrawn link answers with a clear page.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Button, Card, Form, Input, InputNumber, Result, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { SelfServiceField } from '../../../contract/self-service.js';
import { call, isApiError } from '../../api.js';
import { formatDateTime } from '../../ui/format.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { LanguageSwitch } from '../../ui/language-switch.js';
import { fieldLabel } from '../customers/customer-fields.js';

const longText: SelfServiceField[] = ['address', 'mainBusiness', 'mainProducts', 'purchasedVarieties', 'downstreamMarket'];
const inputMode: Partial<Record<SelfServiceField, 'tel' | 'email' | 'numeric' | 'url'>> = { phone: 'tel', fax: 'tel', postalCode: 'numeric', qq: 'numeric', email: 'email', website: 'url' };

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
    rule === 'ARC-14.used'
      ? [t('selfService.public.used'), t('selfService.public.usedHint')]
      : rule === 'ARC-14.expired'
        ? [t('selfService.public.expired'), t('selfService.public.expiredHint')]
        : rule === 'ARC-14.revoked'
          ? [t('selfService.public.revoked'), t('selfService.public.expiredHint')]
          : status === 429
            ? [t('selfService.public.tooMany'), '']
            : [t('selfService.public.notFound'), t('selfService.public.notFoundHint')];
  return (
    <Card>
      <Result status={rule === 'ARC-14.used' ? 'success' : 'warning'} title={<span data-testid="public-form-refused">{title}</span>} subTitle={sub} />
    </Card>
  );
};

export const PublicFormPage = () => {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const [form] = Form.useForm<Record<string, unknown>>();
  const validToken = /^kdf_[A-Za-z0-9_-]{43}$/.test(token);
  const info = useQuery({ queryKey: ['public-form', token], queryFn: () => call('getPublicForm', { params: { token } }), retry: false, enabled: validToken, staleTime: Infinity });
  const fields = info.data?.fields.map((f) => f.key) ?? [];
  const formErrors = useFormErrors(form, [...fields, 'submitterName', 'submitterPhone', 'note'], 'public-form-error');
  const submit = useMutation({
    mutationFn: (v: Record<string, unknown>) => {
      const values: Record<string, string | number | null> = {};
      for (const f of fields) {
        const raw = v[f];
        values[f] = raw === undefined || raw === null || raw === '' ? null : typeof raw === 'number' ? raw : String(raw);
      }
      return call('submitPublicForm', { params: { token }, body: { values, submitterName: String(v.submitterName ?? '').trim(), ...(v.submitterPhone ? { submitterPhone: String(v.submitterPhone) } : {}), ...(v.note ? { note: String(v.note) } : {}) } });
    },
    onMutate: formErrors.clear,
    onError: (e) => {
      // `values.phone` → the form's `phone` field
      if (isApiError(e)) e.errors.splice(0, e.errors.length, ...e.errors.map((x) => ({ ...x, path: x.path.replace(/^values\./, '') })));
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
          <Result status="success" title={<span data-testid="public-form-done">{t('selfService.public.submitted')}</span>} subTitle={t('selfService.public.submittedHint')} />
        </Card>
      </Shell>
    );
  }
  const data = info.data!;
  const initial = Object.fromEntries(data.fields.map((f) => [f.key, f.value ?? undefined]));
  return (
    <Shell>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0, textAlign: 'center' }}>
          {t('selfService.public.title')}
        </Typography.Title>
        <Typography.Paragraph>{t('selfService.public.intro', { company: data.companyName })}</Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('selfService.public.expiresAt', { time: formatDateTime(data.expiresAt) })}
        </Typography.Paragraph>
        {formErrors.alert}
        {submit.isError && isApiError(submit.error) && submit.error.rule?.startsWith('ARC-14.') ? <Refusal error={submit.error} /> : null}
        <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => submit.mutate(v)} data-testid="public-form">
          {data.fields.map(({ key }) => (
            <Form.Item key={key} name={key} label={fieldLabel(t, key)} {...(key === 'name' ? { rules: [{ required: true, whitespace: true }] } : {})}>
              {key === 'employeeCount' ? (
                <InputNumber min={0} precision={0} style={{ width: '100%' }} inputMode="numeric" data-testid={`public-field-${key}`} />
              ) : longText.includes(key) ? (
                <Input.TextArea autoSize={{ minRows: 1, maxRows: 5 }} maxLength={key === 'address' ? 300 : 2000} data-testid={`public-field-${key}`} />
              ) : (
                <Input maxLength={key === 'name' ? 200 : 300} inputMode={inputMode[key]} placeholder={key === 'foundedOn' ? 'YYYY-MM-DD' : undefined} data-testid={`public-field-${key}`} />
              )}
            </Form.Item>
          ))}
          <Form.Item name="submitterName" label={t('selfService.public.submitterName')} rules={[{ required: true, whitespace: true, message: t('selfService.public.submitterNameRequired') }]}>
            <Input maxLength={60} autoComplete="name" data-testid="public-submitter-name" />
          </Form.Item>
          <Form.Item name="submitterPhone" label={t('selfService.public.submitterPhone')}>
            <Input maxLength={40} inputMode="tel" autoComplete="tel" />
          </Form.Item>
          <Form.Item name="note" label={t('selfService.public.note')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={submit.isPending} data-testid="public-form-submit">
            {t('selfService.public.submit')}
          </Button>
        </Form>
      </Card>
    </Shell>
  );
};
