/** The send dialog (from the survey list or a customer page) and the phone-answer dialog (REL-9). */
import { CopyOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Form, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { CustomerPicker } from '../customers/customer-picker.js';
import { AnswerFields, answersOf, chinaTime, RatingText, SurveyStateTag, surveysKey, type AnswerValues } from './survey-ui.js';

type SendValues = { customerId?: string; templateId?: string; channel: 'link' | 'phone'; expiresInDays: number };

export const useSurveyTemplates = () => useQuery({ queryKey: [...surveysKey, 'templates'], queryFn: () => call('listSurveyTemplates'), staleTime: 60_000 });

export const SendSurveyDialog = ({ open, onClose, customerId, onRecord }: { open: boolean; onClose: () => void; customerId?: string; onRecord?: (surveyId: string) => void }) => {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<SendValues>();
  const templates = useSurveyTemplates();
  const [sent, setSent] = useState<{ id: string; link?: string | undefined } | null>(null);
  const errors = useFormErrors(form, ['customerId', 'templateId', 'channel', 'expiresInDays'], 'survey-send-error');
  const channel = Form.useWatch('channel', form);
  const send = useMutation({
    mutationFn: (v: SendValues) => call('createSurvey', { body: { customerId: customerId ?? v.customerId ?? '', templateId: v.templateId ?? '', channel: v.channel, expiresInDays: v.expiresInDays ?? 14 } }),
    onMutate: errors.clear,
    onError: errors.onError,
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: surveysKey });
      if (r.link) setSent({ id: r.id, link: r.link });
      else { close(); onRecord?.(r.id); }
    },
  });
  const close = () => { setSent(null); form.resetFields(); errors.clear(); onClose(); };
  const enabled = (templates.data?.items ?? []).filter((x) => !x.disabled);
  const defaultId = enabled.find((x) => x.isDefault)?.id ?? enabled[0]?.id;
  return (
    <Modal open={open} onCancel={close} title={t('surveys.sendTitle')} destroyOnHidden
      footer={sent ? <Button type="primary" onClick={close}>{t('common.close')}</Button> : [
        <Button key="c" onClick={close}>{t('surveys.cancel')}</Button>,
        // not before the templates are there: a click then found no template and only showed "required"
        <Button key="s" type="primary" loading={send.isPending} disabled={!templates.isSuccess} onClick={() => form.submit()} data-testid="survey-send-submit">{t('surveys.send')}</Button>,
      ]}>
      {sent?.link ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="success" showIcon message={t('surveys.linkReady')} description={t('surveys.linkHint')} />
          <Typography.Paragraph copyable={{ text: sent.link, icon: [<CopyOutlined key="c" />, <span key="d">{t('surveys.copied')}</span>] }} style={{ wordBreak: 'break-all' }} data-testid="survey-link">{sent.link}</Typography.Paragraph>
        </Space>
      ) : (
        <Form form={form} layout="vertical" initialValues={{ channel: 'link', expiresInDays: 14, templateId: defaultId }} onFinish={(v) => send.mutate(v)} key={defaultId ?? 'x'}>
          {errors.alert}
          {customerId ? null : (
            <Form.Item name="customerId" label={t('surveys.customer')} rules={[{ required: true }]}>
              <CustomerPicker testId="survey-send-customer" />
            </Form.Item>
          )}
          <Form.Item name="templateId" label={t('surveys.template')} rules={[{ required: true }]}>
            <Select options={enabled.map((x) => ({ value: x.id, label: x.isDefault ? `${x.name}（${t('surveys.defaultTemplate')}）` : x.name }))} data-testid="survey-send-template" />
          </Form.Item>
          <Form.Item name="channel" label={t('surveys.channel')}>
            <Radio.Group options={(['link', 'phone'] as const).map((c) => ({ value: c, label: <span data-testid={`survey-channel-${c}`}>{t(`surveys.channels.${c}`)}</span> }))} />
          </Form.Item>
          {channel === 'link' ? (
            <Form.Item name="expiresInDays" label={t('surveys.expiresInDays')}>
              <InputNumber min={1} max={60} precision={0} />
            </Form.Item>
          ) : null}
        </Form>
      )}
    </Modal>
  );
};

/** One survey: its version's questions with the answers; an unanswered one can be answered here (a phone call). */
export const SurveyDialog = ({ surveyId, onClose }: { surveyId: string | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<AnswerValues>();
  const s = useQuery({ queryKey: [...surveysKey, 'one', surveyId], queryFn: () => call('getSurvey', { params: { id: surveyId! } }), enabled: surveyId !== null });
  const questions = s.data?.questions ?? [];
  const errors = useFormErrors(form, questions.map((q) => `q:${q.id}`), 'survey-record-error');
  const record = useMutation({
    mutationFn: (v: AnswerValues) => call('recordSurveyResponse', { params: { id: surveyId! }, body: { answers: answersOf(questions, v) } }),
    onMutate: errors.clear,
    onError: errors.onError,
    onSuccess: (r) => {
      void message.success(r.followUpTaskId ? t('surveys.followUpCreated') : t('surveys.recorded'));
      void qc.invalidateQueries({ queryKey: surveysKey });
      void qc.invalidateQueries({ queryKey: ['tasks'] });
      form.resetFields();
      onClose();
    },
  });
  const d = s.data;
  const open = d?.state === 'sent' || d?.state === 'expired';
  return (
    <Modal open={surveyId !== null} onCancel={onClose} title={d ? `${t('surveys.detail')} · ${d.customerName}` : t('surveys.detail')} destroyOnHidden
      footer={open ? [<Button key="c" onClick={onClose}>{t('surveys.cancel')}</Button>, <Button key="s" type="primary" loading={record.isPending} onClick={() => form.submit()} data-testid="survey-record-submit">{t('surveys.record')}</Button>] : <Button onClick={onClose}>{t('common.close')}</Button>}>
      {!d ? null : (
        <>
          <Descriptions size="small" column={1} style={{ marginBottom: 12 }} items={[
            { key: 's', label: t('surveys.state'), children: <SurveyStateTag state={d.state} /> },
            { key: 't', label: t('surveys.template'), children: `${d.templateName} v${d.templateVersion}` },
            { key: 'c', label: t('surveys.channel'), children: t(`surveys.channelShort.${d.channel}`) },
            { key: 'o', label: t('surveys.owner'), children: d.ownerName ?? '—' },
            { key: 'a', label: t('surveys.sentAt'), children: `${chinaTime(d.sentAt)} · ${d.sentByName ?? t('surveys.bySchedule')}` },
            ...(d.respondedAt ? [
              { key: 'r', label: t('surveys.respondedAt'), children: `${chinaTime(d.respondedAt)} · ${d.recordedByName ?? t('surveys.byCustomerLink')}` },
              { key: 'v', label: t('surveys.avgRating'), children: <RatingText value={d.avgRating} /> },
            ] : []),
          ]} />
          {d.answers ? (
            <Descriptions size="small" column={1} bordered title={t('surveys.answers')} items={d.questions.map((q) => {
              const a = d.answers!.find((x) => x.questionId === q.id);
              return { key: q.id, label: q.text, children: a ? (a.rating !== undefined ? `${a.rating} · ${t(`surveys.ratingLabels.r${a.rating as 1}`)}` : a.choice ?? a.text) : <Typography.Text type="secondary">{t('surveys.noAnswer')}</Typography.Text> };
            })} />
          ) : open ? (
            <Form form={form} layout="vertical" onFinish={(v) => record.mutate(v)} data-testid="survey-record-form">
              <Typography.Paragraph type="secondary">{t('surveys.recordTitle')}</Typography.Paragraph>
              {errors.alert}
              <AnswerFields questions={questions} />
            </Form>
          ) : null}
        </>
      )}
    </Modal>
  );
};

