/** /customers/new and /customers/:id/edit: the grouped form, duplicate warning (ARC-10) and stale-version handling. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, List, Space, Spin, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Customer } from '../../../contract/customers.js';
import { call, isApiError } from '../../api.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { CustomerFormSections, editableFields, toChanges, toCreateBody, toFormValues, type CustomerFormValues } from './customer-form.js';
import { createCustomer, customersKey, useCustomer, type Duplicate } from './use-customers.js';
import { HiddenDuplicateItem } from '../sharing/hidden-duplicate.js';

const DuplicateWarning = ({ duplicates, onConfirm, pending }: { duplicates: Duplicate[]; onConfirm: () => void; pending: boolean }) => {
  const { t } = useTranslation();
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="customer-duplicates"
      title={t('customers.form.duplicateTitle')}
      description={
        <>
          <div>{t('customers.form.duplicateDescription')}</div>
          <List
            size="small"
            dataSource={duplicates}
            renderItem={(d) =>
              d.visible === false ? (
                <HiddenDuplicateItem archiveNo={d.archiveNo} ownerName={d.ownerName} />
              ) : (
                <List.Item data-testid={`customer-duplicate-${d.archiveNo}`}>
                  <Space wrap size={4}>
                    <Link to={`/customers/${d.id}`} target="_blank">
                      {d.name}
                    </Link>
                    <Tag>{d.archiveNo}</Tag>
                    <span>{t('customers.form.matchedOn', { fields: d.matchedOn.map((m) => t(`customers.matchedOn.${m}`)).join('、') })}</span>
                  </Space>
                </List.Item>
              )
            }
          />
          <Button danger onClick={onConfirm} loading={pending} data-testid="customer-create-anyway" style={{ marginTop: 8 }}>
            {t('customers.form.createAnyway')}
          </Button>
        </>
      }
    />
  );
};

export const CustomerNewPage = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CustomerFormValues>();
  const formErrors = useFormErrors(form, editableFields, 'customer-form-error');
  const [duplicates, setDuplicates] = useState<Duplicate[] | null>(null);

  const mutation = useMutation({
    mutationFn: ({ values, confirm }: { values: CustomerFormValues; confirm: boolean }) =>
      createCustomer({ ...toCreateBody(values), ...(confirm ? { confirmDuplicate: true } : {}) }),
    onMutate: formErrors.clear,
    onSuccess: async (result) => {
      if ('duplicates' in result) {
        setDuplicates(result.duplicates);
        window.scrollTo({ top: 0, behavior: 'smooth' });
        return;
      }
      void message.success(t('customers.form.created'));
      await queryClient.invalidateQueries({ queryKey: customersKey });
      void navigate(`/customers/${result.created.id}`);
    },
    onError: formErrors.onError,
  });

  return (
    <>
      <PageHeader title={t('customers.form.createTitle')} />
      {duplicates ? (
        <DuplicateWarning
          duplicates={duplicates}
          pending={mutation.isPending}
          onConfirm={() => mutation.mutate({ values: form.getFieldsValue(true) as CustomerFormValues, confirm: true })}
        />
      ) : null}
      {formErrors.alert}
      <Form<CustomerFormValues>
        form={form}
        layout="vertical"
        initialValues={toFormValues(undefined)}
        onValuesChange={() => setDuplicates(null)}
        onFinish={(values) => mutation.mutate({ values, confirm: false })}
        disabled={mutation.isPending}
        scrollToFirstError
      >
        <CustomerFormSections customer={undefined} />
        <Flex gap={8} justify="flex-end">
          <Button onClick={() => void navigate('/customers')}>{t('customers.form.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={mutation.isPending} data-testid="customer-form-submit">
            {t('common.save')}
          </Button>
        </Flex>
      </Form>
    </>
  );
};

const EditForm = ({ customer, onReload }: { customer: Customer; onReload: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CustomerFormValues>();
  const formErrors = useFormErrors(form, editableFields, 'customer-form-error');
  const [stale, setStale] = useState(false);

  const mutation = useMutation({
    mutationFn: async (values: CustomerFormValues) => {
      const changes = toChanges(values, customer);
      if (Object.keys(changes).length === 0) return null;
      return call('updateCustomer', { params: { id: customer.id }, body: { version: customer.version, ...changes } });
    },
    onMutate: () => {
      formErrors.clear();
      setStale(false);
    },
    onSuccess: async (updated) => {
      if (!updated) {
        void message.info(t('customers.form.noChanges'));
        return;
      }
      void message.success(t('customers.form.updated'));
      await queryClient.invalidateQueries({ queryKey: customersKey });
      void navigate(`/customers/${customer.id}`);
    },
    onError: (error) => {
      if (isApiError(error) && error.code === 'stale_version') setStale(true);
      else formErrors.onError(error);
    },
  });

  return (
    <>
      {stale ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="customer-stale"
          title={t('customers.form.staleTitle')}
          description={t('customers.form.staleDescription')}
          action={<Button onClick={onReload}>{t('customers.form.reload')}</Button>}
        />
      ) : null}
      {formErrors.alert}
      <Form<CustomerFormValues>
        form={form}
        layout="vertical"
        initialValues={toFormValues(customer)}
        onFinish={(values) => mutation.mutate(values)}
        disabled={mutation.isPending}
        scrollToFirstError
      >
        <CustomerFormSections customer={customer} />
        <Flex gap={8} justify="flex-end">
          <Button onClick={() => void navigate(`/customers/${customer.id}`)}>{t('customers.form.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={mutation.isPending} data-testid="customer-form-submit">
            {t('common.save')}
          </Button>
        </Flex>
      </Form>
    </>
  );
};

export const CustomerEditPage = () => {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const customer = useCustomer(id);
  // A reload remounts the form so it starts from the latest version.
  const [generation, setGeneration] = useState(0);
  if (customer.isError) return <LoadError error={customer.error} onRetry={() => void customer.refetch()} />;
  if (!customer.data) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  return (
    <>
      <PageHeader title={t('customers.form.editTitle', { name: customer.data.name })} description={customer.data.archiveNo} />
      <EditForm
        key={`${customer.data.version}-${generation}`}
        customer={customer.data}
        onReload={() => void customer.refetch().then(() => setGeneration((g) => g + 1))}
      />
    </>
  );
};
