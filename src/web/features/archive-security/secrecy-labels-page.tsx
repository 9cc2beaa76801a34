/** 密级名称 (SEC-5): the administrator renames the levels; each level's rules stay as they are. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { secrecyLevels } from '../../../contract/customers.js';
import { call } from '../../api.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { SecrecyBadge } from '../customers/customer-tags.js';
import { secrecyLabelsKey, useSecrecyLabelsQuery, type SecrecyLevel } from './use-secrecy-labels.js';

type Labels = Record<SecrecyLevel, string>;

export const SecrecyLabelsPage = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const labels = useSecrecyLabelsQuery();
  const [form] = Form.useForm<Labels>();
  const errors = useFormErrors(form, secrecyLevels, 'secrecy-labels-error');
  const save = useMutation({
    mutationFn: (v: Labels) => call('updateSecrecyLabels', { body: Object.fromEntries(secrecyLevels.map((l) => [l, v[l].trim()])) as Labels }),
    onMutate: errors.clear,
    onSuccess: async (saved) => {
      queryClient.setQueryData(secrecyLabelsKey, saved);
      await queryClient.invalidateQueries({ queryKey: secrecyLabelsKey });
      void message.success(t('security.labels.saved'));
    },
    onError: errors.onError,
  });
  if (labels.isError) return <LoadError error={labels.error} onRetry={() => void labels.refetch()} />;
  if (!labels.data) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  return (
    <>
      <PageHeader title={t('security.labels.title')} description={t('security.labels.description')} />
      <Card style={{ maxWidth: 640 }}>
        {errors.alert}
        <Form<Labels> form={form} layout="vertical" initialValues={labels.data} onFinish={(v) => save.mutate(v)}>
          {secrecyLevels.map((l) => (
            <Form.Item
              key={l}
              name={l}
              label={
                <span>
                  <SecrecyBadge level={l} /> <span style={{ marginLeft: 4 }}>{l}</span>
                </span>
              }
              extra={t(`security.labels.rules.${l}`)}
              rules={[{ required: true, whitespace: true, message: t('security.labels.required') }]}
            >
              <Input maxLength={20} data-testid={`secrecy-label-${l}`} />
            </Form.Item>
          ))}
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="secrecy-labels-save">
            {t('common.save')}
          </Button>
        </Form>
      </Card>
    </>
  );
};
