/** /account/digest — 每日摘要邮件 (REL-5): my address and whether I get it; for an administrator, the SMTP server too. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Input, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { call } from '../../api.js';
import { LoadError } from '../../ui/results.js';
import { useCurrentUser } from '../auth/current-user.js';

export const DigestSettingsPage = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const admin = useCurrentUser().permissions.includes('users.manage');
  const mine = useQuery({ queryKey: ['digest', 'me'], queryFn: () => call('getMyDigest', {}) });
  const mail = useQuery({ queryKey: ['digest', 'mail'], queryFn: () => call('getMailSettings', {}), enabled: admin });
  const onError = (e: unknown) => void message.error(e instanceof Error ? e.message : String(e));
  const saveMine = useMutation({
    mutationFn: (v: { email?: string; enabled: boolean }) => call('updateMyDigest', { body: { email: v.email?.trim() ? v.email.trim() : null, enabled: v.enabled } }),
    onSuccess: async () => { void message.success(t('relations.digest.saved')); await queryClient.invalidateQueries({ queryKey: ['digest'] }); },
    onError,
  });
  const saveMail = useMutation({
    mutationFn: (v: { smtpUrl?: string; from?: string }) => call('updateMailSettings', { body: { smtpUrl: v.smtpUrl?.trim() ? v.smtpUrl.trim() : null, from: v.from?.trim() ? v.from.trim() : null } }),
    onSuccess: async () => { void message.success(t('relations.digest.saved')); await queryClient.invalidateQueries({ queryKey: ['digest'] }); },
    onError,
  });
  return (
    <Flex vertical gap={16} style={{ width: "100%", maxWidth: 560 }}>
      <Card title={t('relations.digest.title')}>
        <Typography.Paragraph type="secondary">{t('relations.digest.description')}</Typography.Paragraph>
        {mine.isError ? <LoadError error={mine.error} onRetry={() => void mine.refetch()} /> : null}
        {mine.data ? (
          <Form layout="vertical" initialValues={{ email: mine.data.email ?? '', enabled: mine.data.enabled }} onFinish={(v) => saveMine.mutate(v)}>
            <Form.Item name="email" label={t('relations.digest.email')} rules={[{ type: 'email', message: t('relations.digest.email') }]}>
              <Input type="email" maxLength={200} data-testid="digest-email" />
            </Form.Item>
            <Form.Item name="enabled" label={t('relations.digest.enabled')} valuePropName="checked">
              <Switch data-testid="digest-enabled" />
            </Form.Item>
            {mine.data.lastSentOn ? <Typography.Paragraph type="secondary">{t('relations.digest.lastSent', { day: mine.data.lastSentOn })}</Typography.Paragraph> : null}
            <Button type="primary" htmlType="submit" loading={saveMine.isPending} data-testid="digest-save">{t('relations.digest.save')}</Button>
          </Form>
        ) : null}
      </Card>
      {admin && mail.data ? (
        <Card title={t('relations.digest.smtpTitle')}>
          {!mail.data.configured ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('relations.digest.notConfigured')} /> : null}
          <Form layout="vertical" initialValues={{ smtpUrl: mail.data.smtpUrl ?? '', from: mail.data.from ?? '' }} onFinish={(v) => saveMail.mutate(v)}>
            <Form.Item name="smtpUrl" label={t('relations.digest.smtpUrl')} extra={t('relations.digest.smtpHint')}>
              <Input maxLength={500} placeholder="smtps://kedang:***@smtp.exmail.qq.com:465" data-testid="mail-smtp-url" />
            </Form.Item>
            <Form.Item name="from" label={t('relations.digest.from')}>
              <Input maxLength={200} placeholder="客档 <kedang@example.com>" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={saveMail.isPending} data-testid="mail-save">{t('relations.digest.save')}</Button>
          </Form>
        </Card>
      ) : null}
    </Flex>
  );
};
