/** Sign-in. A required password change sends the user to /account/password and keeps them there. */
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { call } from '../../api.js';
import { LanguageSwitch } from '../../ui/language-switch.js';
import { describeError } from '../../ui/problem.js';
import { Brand } from '../shell/brand.js';
import { meQueryKey } from './current-user.js';
import { forcedPasswordPath } from './require-auth.js';

type LoginForm = { username: string; password: string };

/** Only same-site paths, so a crafted ?next= cannot send the user elsewhere. */
const safeNext = (next: string | null): string => (next && next.startsWith('/') && !next.startsWith('//') ? next : '/');

export const LoginPage = () => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const { token } = theme.useToken();
  const login = useMutation({
    mutationFn: (values: LoginForm) => call('login', { body: values }),
    onSuccess: async (result) => {
      queryClient.clear();
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
      await navigate(result.mustChangePassword ? forcedPasswordPath : safeNext(params.get('next')), { replace: true });
    },
  });
  const failure = login.isError ? describeError(login.error, t) : null;

  return (
    <Flex vertical style={{ minHeight: '100vh', background: token.colorBgLayout }}>
      <Flex justify="space-between" align="center" style={{ padding: '12px 16px' }}>
        <Brand />
        <LanguageSwitch />
      </Flex>
      <Flex flex={1} align="center" justify="center" style={{ padding: 16 }}>
        <Card style={{ width: '100%', maxWidth: 400 }} styles={{ body: { padding: 32 } }}>
          <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
            {t('login.welcome')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 24 }}>
            {t('login.subtitle')}
          </Typography.Paragraph>
          {failure ? (
            <Alert
              type="error"
              showIcon
              title={failure.detail ?? failure.title}
              style={{ marginBottom: 16 }}
              data-testid="login-error"
            />
          ) : null}
          <Form<LoginForm> layout="vertical" requiredMark={false} onFinish={(v) => login.mutate(v)} disabled={login.isPending}>
            <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.usernameRequired') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" data-testid="login-username" />
            </Form.Item>
            <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" data-testid="login-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={login.isPending} data-testid="login-submit">
              {t('login.submit')}
            </Button>
          </Form>
          <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12, textAlign: 'center' }}>
            {t('login.footer')}
          </Typography.Paragraph>
        </Card>
      </Flex>
      <Typography.Text type="secondary" style={{ textAlign: 'center', padding: 16, fontSize: 12 }}>
        {t('app.name')} · {t('app.fullName')}
      </Typography.Text>
    </Flex>
  );
};
