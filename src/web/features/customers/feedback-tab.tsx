/** 意见反馈 (ARC-5): the customer's feedback, and the form that records one (also used for "记录拜访"). */
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Empty, Flex, Form, Input, List, Modal, Select, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { feedbackCategories, feedbackChannels, sentiments } from '../../../contract/customers.js';
import { call } from '../../api.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { LoadError } from '../../ui/results.js';
import { testId } from '../../ui/test-id.js';
import { customersKey } from './use-customers.js';

type Channel = (typeof feedbackChannels)[number];
type FeedbackForm = {
  channel: Channel;
  date: Dayjs;
  content: string;
  category: (typeof feedbackCategories)[number];
  sentiment: (typeof sentiments)[number];
  followUp?: string;
};
const fields = ['channel', 'date', 'content', 'category', 'sentiment', 'followUp'] as const;
const sentimentColor = { positive: 'green', neutral: 'default', negative: 'red' } as const;

export const FeedbackModal = ({
  customerId,
  open,
  onClose,
  visit = false,
}: {
  customerId: string;
  open: boolean;
  onClose: () => void;
  /** A visit log: channel fixed to 'visit', fewer fields. */
  visit?: boolean;
}) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FeedbackForm>();
  const formErrors = useFormErrors(form, fields, 'feedback-form-error');
  const mutation = useMutation({
    mutationFn: (v: FeedbackForm) =>
      call('createFeedback', {
        params: { id: customerId },
        body: {
          channel: visit ? 'visit' : v.channel,
          date: v.date.format('YYYY-MM-DD'),
          content: v.content.trim(),
          category: v.category,
          sentiment: v.sentiment,
          followUp: v.followUp?.trim() ? v.followUp.trim() : null,
        },
      }),
    onMutate: formErrors.clear,
    onSuccess: async () => {
      void message.success(t(visit ? 'customers.lookup.visitSaved' : 'customers.feedback.created'));
      await queryClient.invalidateQueries({ queryKey: customersKey });
      onClose();
    },
    onError: formErrors.onError,
  });
  const f = (k: string) => t(`customers.feedback.${k}` as never);
  return (
    <Modal
      open={open}
      title={visit ? t('customers.lookup.visitTitle') : f('addTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={mutation.isPending}
      okButtonProps={testId('feedback-form-submit')}
      destroyOnHidden
    >
      {formErrors.alert}
      <Form<FeedbackForm>
        form={form}
        preserve={false}
        layout="vertical"
        initialValues={{ channel: visit ? 'visit' : 'phone', date: dayjs(), category: 'service', sentiment: 'neutral' }}
        onFinish={(v) => mutation.mutate(v)}
      >
        {visit ? null : (
          <Form.Item name="channel" label={f('channel')} rules={[{ required: true }]}>
            <Select options={feedbackChannels.map((c) => ({ value: c, label: t(`customers.feedback.channels.${c}`) }))} />
          </Form.Item>
        )}
        <Form.Item name="date" label={f('date')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" inputReadOnly />
        </Form.Item>
        <Form.Item
          name="content"
          label={visit ? t('customers.lookup.visitContent') : f('content')}
          rules={[{ required: true, whitespace: true, message: f('contentRequired') }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} data-testid="feedback-content" />
        </Form.Item>
        <Space wrap size={12} style={{ width: '100%' }}>
          <Form.Item name="category" label={f('category')} rules={[{ required: true }]}>
            <Select style={{ width: 140 }} options={feedbackCategories.map((c) => ({ value: c, label: t(`customers.feedback.categories.${c}`) }))} />
          </Form.Item>
          <Form.Item name="sentiment" label={f('sentiment')} rules={[{ required: true }]}>
            <Select style={{ width: 120 }} options={sentiments.map((s) => ({ value: s, label: t(`customers.feedback.sentiments.${s}`) }))} />
          </Form.Item>
        </Space>
        <Form.Item name="followUp" label={f('followUp')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
};

export const FeedbackTab = ({ customerId }: { customerId: string }) => {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const feedback = useQuery({
    queryKey: [...customersKey, 'feedback', customerId],
    queryFn: () => call('listFeedback', { params: { id: customerId } }),
  });
  if (feedback.isError) return <LoadError error={feedback.error} onRetry={() => void feedback.refetch()} />;
  const f = (k: string) => t(`customers.feedback.${k}` as never);
  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="feedback-create">
          {f('add')}
        </Button>
      </Flex>
      <List
        loading={feedback.isLoading}
        dataSource={feedback.data?.items ?? []}
        locale={{ emptyText: <Empty description={f('empty')} /> }}
        renderItem={(item) => (
          <Card size="small" style={{ marginBottom: 8 }}>
            <Space wrap size={4} style={{ marginBottom: 4 }}>
              <Typography.Text strong>{item.date}</Typography.Text>
              <Tag>{t(`customers.feedback.channels.${item.channel}`)}</Tag>
              <Tag color="blue">{t(`customers.feedback.categories.${item.category}`)}</Tag>
              <Tag color={sentimentColor[item.sentiment]}>{t(`customers.feedback.sentiments.${item.sentiment}`)}</Tag>
            </Space>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: item.followUp ? 4 : 0 }}>{item.content}</Typography.Paragraph>
            {item.followUp ? (
              <Typography.Text type="secondary">
                {f('followUp')}：{item.followUp}
              </Typography.Text>
            ) : null}
          </Card>
        )}
      />
      <FeedbackModal customerId={customerId} open={open} onClose={() => setOpen(false)} />
    </>
  );
};
