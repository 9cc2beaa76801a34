/** /admin/archive-settings — 档案设置: company name on forms, required documents, holidays and 调休 (ARC-6/8/13). */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Form, Input, InputNumber, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { documentCategories, type DocumentCategory } from '../../../contract/documents.js';
import { call } from '../../api.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { AuditRetentionCard } from '../audit/audit-retention-card.js';
import { useArchiveSettings } from './documents-tab.js';

type Values = { companyName: string; requiredDocuments: DocumentCategory[]; holidays: string; makeUpWorkdays: string; dormantAfterMonths?: number | null };
const dates = (text: string) => text.split(/[\s,，;；]+/).map((s) => s.trim()).filter(Boolean);
const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

export const ArchiveSettingsPage = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const settings = useArchiveSettings();
  const [form] = Form.useForm<Values>();
  const formErrors = useFormErrors(form, ['companyName', 'requiredDocuments', 'holidays', 'makeUpWorkdays', 'dormantAfterMonths'], 'archive-settings-error');
  const save = useMutation({
    mutationFn: (v: Values) => call('updateArchiveSettings', { body: { companyName: v.companyName.trim(), requiredDocuments: v.requiredDocuments, holidays: dates(v.holidays), makeUpWorkdays: dates(v.makeUpWorkdays), dormantAfterMonths: v.dormantAfterMonths ?? null } }),
    onMutate: formErrors.clear,
    onSuccess: (r) => {
      void message.success(t('documents.settings.saved'));
      queryClient.setQueryData(['archive-settings'], r);
    },
    onError: formErrors.onError,
  });
  const dateRule = { validator: (_: unknown, v: string) => { const bad = dates(v ?? '').findIndex((d) => !isDate(d)); return bad < 0 ? Promise.resolve() : Promise.reject(new Error(t('documents.settings.badDate', { line: bad + 1, value: dates(v)[bad] }))); } };
  return (
    <div style={{ maxWidth: 800 }}>
      <PageHeader title={t('documents.settings.title')} description={t('documents.settings.description')} />
      <Card>
        {settings.isError ? (
          <LoadError error={settings.error} onRetry={() => void settings.refetch()} />
        ) : !settings.data ? (
          <Skeleton active />
        ) : (
          <>
            {formErrors.alert}
            <Form<Values>
              form={form}
              layout="vertical"
              initialValues={{ ...settings.data, holidays: settings.data.holidays.join('\n'), makeUpWorkdays: settings.data.makeUpWorkdays.join('\n') }}
              onFinish={(v) => save.mutate(v)}
            >
              <Form.Item name="companyName" label={t('documents.settings.companyName')} rules={[{ required: true, whitespace: true }]}>
                <Input maxLength={100} data-testid="settings-company-name" />
              </Form.Item>
              <Form.Item name="requiredDocuments" label={t('documents.settings.requiredDocuments')}>
                <Checkbox.Group options={documentCategories.map((c) => ({ value: c, label: t(`documents.categories.${c}`) }))} />
              </Form.Item>
              <Form.Item name="holidays" label={t('documents.settings.holidays')} rules={[dateRule]}>
                <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} style={{ fontFamily: 'monospace' }} />
              </Form.Item>
              <Form.Item name="makeUpWorkdays" label={t('documents.settings.makeUpWorkdays')} rules={[dateRule]}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} style={{ fontFamily: 'monospace' }} />
              </Form.Item>
              <Form.Item name="dormantAfterMonths" label={t('customFields.dormant.label')} extra={t('customFields.dormant.hint')}>
                <InputNumber min={1} max={120} precision={0} placeholder="18" addonAfter={t('customFields.dormant.months')} style={{ width: 200 }} data-testid="settings-dormant-months" />
              </Form.Item>
              <Typography.Paragraph type="secondary">{t('documents.settings.uploadLimit', { mb: settings.data.uploadLimitMb })}</Typography.Paragraph>
              <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="settings-save">
                {t('common.save')}
              </Button>
            </Form>
          </>
        )}
      </Card>
      <AuditRetentionCard />
    </div>
  );
};
