/** Choose the password-policy profile (GET/PUT /settings/password-policy). */
import { CheckCircleFilled } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Radio, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouteResult } from '../../../contract/routes.js';
import { call } from '../../api.js';
import { PageHeader } from '../../ui/page-header.js';
import { describeError } from '../../ui/problem.js';
import { LoadError } from '../../ui/results.js';
import { meQueryKey } from '../auth/current-user.js';

type Profile = RouteResult<'getPasswordPolicy'>['profile'];
const policyKey = ['password-policy'] as const;

const points = {
  asvs: ['passwordPolicy.asvsPoint1', 'passwordPolicy.asvsPoint2', 'passwordPolicy.asvsPoint3'],
  dengbao: ['passwordPolicy.dengbaoPoint1', 'passwordPolicy.dengbaoPoint2', 'passwordPolicy.dengbaoPoint3'],
} as const;

export const PasswordPolicyPage = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const policy = useQuery({ queryKey: policyKey, queryFn: () => call('getPasswordPolicy') });
  const [choice, setChoice] = useState<Profile | null>(null);
  const current = policy.data?.profile;
  const selected = choice ?? current;

  const save = useMutation({
    mutationFn: (profile: Profile) => call('updatePasswordPolicy', { body: { profile } }),
    onSuccess: (result) => {
      void message.success(t('passwordPolicy.saved'));
      queryClient.setQueryData(policyKey, result);
      setChoice(null);
      void queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
  const saveError = save.isError ? describeError(save.error, t) : null;

  return (
    <div style={{ maxWidth: 800 }}>
      <PageHeader title={t('passwordPolicy.title')} description={t('passwordPolicy.description')} />
      <Card>
        {policy.isError ? (
          <LoadError error={policy.error} onRetry={() => void policy.refetch()} />
        ) : policy.isPending ? (
          <Skeleton active />
        ) : (
          <>
            {saveError ? (
              <Alert type="error" showIcon title={saveError.title} description={saveError.detail} style={{ marginBottom: 16 }} />
            ) : null}
            <Radio.Group
              value={selected}
              onChange={(e) => setChoice(e.target.value as Profile)}
              style={{ width: '100%' }}
              data-testid="password-policy-radio"
            >
              <Flex vertical gap={12}>
                {(['asvs', 'dengbao'] as const).map((profile) => (
                  <Card
                    key={profile}
                    size="small"
                    hoverable
                    onClick={() => setChoice(profile)}
                    style={{ borderColor: selected === profile ? '#1677ff' : undefined }}
                    data-testid={`password-policy-${profile}`}
                  >
                    <Radio value={profile}>
                      <Typography.Text strong>{t(`passwordPolicy.${profile}Title`)}</Typography.Text>
                      {current === profile ? (
                        <Tag color="green" icon={<CheckCircleFilled />} style={{ marginInlineStart: 8 }}>
                          {t('passwordPolicy.current')}
                        </Tag>
                      ) : null}
                    </Radio>
                    <ul style={{ margin: '8px 0 0', paddingInlineStart: 44 }}>
                      {points[profile].map((key) => (
                        <li key={key}>
                          <Typography.Text type="secondary">{t(key)}</Typography.Text>
                        </li>
                      ))}
                    </ul>
                  </Card>
                ))}
              </Flex>
            </Radio.Group>
            <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
              {t('passwordPolicy.both')}
            </Typography.Paragraph>
            <Button
              type="primary"
              disabled={!selected || selected === current}
              loading={save.isPending}
              onClick={() => selected && save.mutate(selected)}
              data-testid="password-policy-save"
            >
              {t('common.save')}
            </Button>
          </>
        )}
      </Card>
    </div>
  );
};
