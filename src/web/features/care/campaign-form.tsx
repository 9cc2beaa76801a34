/** A new care campaign (REL-8): kind, name, dates, and the customers chosen by the customer list's filters (with a live count). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { careKinds, holidayKeys, type CareKind, type HolidayKey } from '../../../contract/care.js';
import { abcClasses, creditGrades } from '../../../contract/customers.js';
import { call } from '../../api.js';
import { applyFieldErrors, errorLine } from '../../ui/problem.js';
import { testId } from '../../ui/test-id.js';
import { useDebounced } from '../../ui/use-debounced.js';
import { enumOptions, fieldLabel } from '../customers/customer-fields.js';
import { careKey } from './care-page.js';
import { IndustryCascader } from '../../ui/industry-cascader.js';

type Filters = { customerType?: string; importance?: string; tier?: string; abcClass?: string; creditGrade?: string; industryCode?: string; industry?: string; tag?: string };
type Values = { kind: CareKind; name: string; holiday?: HolidayKey; eventOn?: Dayjs; remindOn?: Dayjs; filters?: Filters };

const clean = (f: Filters | undefined) => Object.fromEntries(Object.entries(f ?? {}).filter(([, v]) => typeof v === 'string' && v.trim() !== '').map(([k, v]) => [k, (v as string).trim()])) as Filters;

export const CampaignForm = ({ initial, onClose }: { initial: { kind: CareKind; holiday?: HolidayKey; eventOn?: string }; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? initial.kind;
  const filters = useDebounced(JSON.stringify(clean(Form.useWatch('filters', form))), 300);
  const count = useQuery({ queryKey: [...careKey, 'count', filters], queryFn: () => call('countCustomers', { query: JSON.parse(filters) as Filters } as never) });
  const create = useMutation({
    mutationFn: (v: Values) =>
      call('createCareCampaign', {
        body: {
          kind: v.kind,
          name: v.name.trim(),
          ...(v.kind === 'holiday' && v.holiday ? { holiday: v.holiday } : {}),
          ...(v.eventOn ? { eventOn: v.eventOn.format('YYYY-MM-DD') } : {}),
          ...(v.remindOn ? { remindOn: v.remindOn.format('YYYY-MM-DD') } : {}),
          filters: clean(v.filters) as never,
        },
      }),
    onSuccess: async (c) => {
      void message.success(t('care.created'));
      await queryClient.invalidateQueries({ queryKey: careKey });
      onClose();
      void navigate(`/care/${c.id}`);
    },
    onError: (e) => {
      if (applyFieldErrors(form, e, ['kind', 'name', 'holiday', 'eventOn', 'remindOn']).placed === 0) void message.error(errorLine(e, t));
    },
  });
  const event = initial.eventOn ? dayjs(initial.eventOn) : undefined;
  const defaultName = initial.holiday ? `${initial.eventOn?.slice(0, 4) ?? ''}${t(`care.holidays.${initial.holiday}`)}问候` : undefined;
  return (
    <Modal open title={t('care.newCampaign')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden okButtonProps={testId('care-submit')}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: initial.kind, holiday: initial.holiday, eventOn: event, remindOn: event ? event.subtract(7, 'day') : undefined, name: defaultName, filters: {} }}
        onFinish={(v) => create.mutate(v)}
      >
        <Flex gap={12} wrap>
          <Form.Item name="kind" label={t('care.kind')} rules={[{ required: true }]} style={{ flex: '1 1 160px' }}>
            <Select options={careKinds.map((k) => ({ value: k, label: t(`care.kinds.${k}`) }))} data-testid="care-kind" />
          </Form.Item>
          {kind === 'holiday' ? (
            <Form.Item name="holiday" label={t('care.holiday')} rules={[{ required: true }]} style={{ flex: '1 1 160px' }}>
              <Select options={holidayKeys.map((k) => ({ value: k, label: t(`care.holidays.${k}`) }))} />
            </Form.Item>
          ) : null}
        </Flex>
        <Form.Item name="name" label={t('care.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} data-testid="care-name" />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="eventOn" label={t('care.eventOn')} style={{ flex: '1 1 140px' }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="remindOn" label={t('care.remindOn')} extra={t('care.remindHint')} style={{ flex: '1 1 140px' }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Typography.Text strong>{t('care.filters')}</Typography.Text>
        <Flex gap={8} wrap style={{ marginTop: 8 }}>
          <Form.Item name={['filters', 'customerType']} style={{ flex: '1 1 140px', marginBottom: 8 }}>
            <Select allowClear placeholder={fieldLabel(t, 'customerType')} options={enumOptions(t, 'customerType')} />
          </Form.Item>
          <Form.Item name={['filters', 'importance']} style={{ flex: '1 1 140px', marginBottom: 8 }}>
            <Select allowClear placeholder={fieldLabel(t, 'importance')} options={enumOptions(t, 'importance')} />
          </Form.Item>
          <Form.Item name={['filters', 'tier']} style={{ flex: '1 1 140px', marginBottom: 8 }}>
            <Select allowClear placeholder={fieldLabel(t, 'tier')} options={enumOptions(t, 'tier')} />
          </Form.Item>
          <Form.Item name={['filters', 'abcClass']} style={{ flex: '1 1 100px', marginBottom: 8 }}>
            <Select allowClear placeholder={t('care.abcClass')} options={abcClasses.map((v) => ({ value: v, label: v }))} data-testid="care-filter-abc" />
          </Form.Item>
          <Form.Item name={['filters', 'creditGrade']} style={{ flex: '1 1 100px', marginBottom: 8 }}>
            <Select allowClear placeholder={t('care.creditGrade')} options={creditGrades.map((v) => ({ value: v, label: v }))} />
          </Form.Item>
          <Form.Item name={['filters', 'industryCode']} style={{ flex: '1 1 200px', marginBottom: 8 }}>
            <IndustryCascader section placeholder={t('industry.filterPlaceholder')} data-testid="care-filter-industry-code" />
          </Form.Item>
          <Form.Item name={['filters', 'industry']} style={{ flex: '1 1 140px', marginBottom: 8 }}>
            <Input allowClear placeholder={t('care.industry')} maxLength={200} data-testid="care-filter-industry" />
          </Form.Item>
          <Form.Item name={['filters', 'tag']} style={{ flex: '1 1 140px', marginBottom: 8 }}>
            <Input allowClear placeholder={t('care.tag')} maxLength={40} />
          </Form.Item>
        </Flex>
        <Typography.Text type={count.data?.capped ? 'danger' : 'secondary'} data-testid="care-selected">
          {count.data ? (count.data.capped ? t('care.selectedCapped', { count: count.data.count }) : t('care.selected', { count: count.data.count })) : ''}
        </Typography.Text>
      </Form>
    </Modal>
  );
};
