/**
 * /relations/log — 登记沟通记录 (REL-3): one screen on a 375 px phone, channel and customer first,
 * text areas that voice input can fill, an optional next step and, for a visit, a check-in from the
 * browser's geolocation with its accuracy and an optional photo from the camera (the server stamps
 * both). The photo is filed first as a document of the customer (ARC-6: type sniffed, checksummed,
 * audited), then referenced by the communication.
 */
import { CameraOutlined, DeleteOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Flex, Form, Input, Segmented, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { channels, type Channel } from '../../../contract/relations.js';
import { call, upload } from '../../api.js';
import { CustomerPicker } from '../customers/customer-picker.js';
import { shrinkPhoto } from './shrink-photo.js';

type Values = { customerId: string; subject: string; content: string; result?: string; customerNeeds?: string; nextStepText?: string; nextStepDue?: Dayjs };

export const LogCommunicationPage = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [channel, setChannel] = useState<Channel>('phone');
  const [checkIn, setCheckIn] = useState<{ lat: number; lng: number; accuracy: number } | null>(null);
  const [locating, setLocating] = useState(false);
  const [photo, setPhoto] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const photoInput = useRef<HTMLInputElement>(null);
  const onSite = channel === 'visit' || channel === 'meeting';
  useEffect(() => {
    if (!photo) return setPreview(null);
    const url = URL.createObjectURL(photo);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [photo]);
  const mutation = useMutation({
    mutationFn: async (v: Values) => {
      let photoDocumentId: string | undefined;
      if (photo && onSite) {
        const { blob, fileName } = await shrinkPhoto(photo);
        const today = dayjs().format('YYYY-MM-DD');
        const doc = await upload('uploadDocument', { params: { id: v.customerId }, fields: { kind: 'original', category: 'other', title: t('relations.form.photoTitle', { subject: v.subject.trim() }).slice(0, 200), receivedOn: today }, file: blob, fileName });
        photoDocumentId = doc.id;
      }
      return call('createCommunication', {
        body: {
          customerId: v.customerId,
          channel,
          occurredAt: new Date().toISOString(),
          subject: v.subject,
          content: v.content,
          ...(v.result?.trim() ? { result: v.result } : {}),
          ...(v.customerNeeds?.trim() ? { customerNeeds: v.customerNeeds } : {}),
          ...(v.nextStepText?.trim() && v.nextStepDue ? { nextStep: { text: v.nextStepText, dueOn: v.nextStepDue.format('YYYY-MM-DD') } } : {}),
          ...(checkIn && onSite ? { checkIn } : {}),
          ...(photoDocumentId ? { photoDocumentId } : {}),
        },
      });
    },
    onSuccess: async () => {
      void message.success(t('relations.form.saved'));
      await queryClient.invalidateQueries({ queryKey: ['contact-overview'] });
      void navigate('/relations/overview');
    },
    onError: (e) => void message.error(e instanceof Error ? e.message : String(e)),
  });
  const locate = () => {
    if (!navigator.geolocation) return void message.error(t('relations.form.locateFailed'));
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLocating(false);
        setCheckIn({ lat: p.coords.latitude, lng: p.coords.longitude, accuracy: Math.round(p.coords.accuracy) });
      },
      () => {
        setLocating(false);
        void message.error(t('relations.form.locateFailed'));
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };
  const required = [{ required: true, whitespace: true, message: t('relations.form.required') }];
  return (
    <Card title={t('relations.form.title')} style={{ maxWidth: 560, margin: '0 auto' }} styles={{ body: { padding: 12 } }}>
      <Form form={form} layout="vertical" initialValues={{ customerId: params.get('customerId') ?? undefined }} onFinish={(v) => mutation.mutate(v)} requiredMark={false}>
        <Form.Item label={t('relations.form.channel')}>
          <Segmented block data-testid="log-channel" value={channel} onChange={(v) => setChannel(v as Channel)} options={channels.filter((c) => c !== 'other').map((c) => ({ value: c, label: t(`relations.form.channels.${c}`) }))} />
        </Form.Item>
        <Form.Item name="customerId" label={t('relations.form.customer')} rules={[{ required: true, message: t('relations.form.required') }]}>
          <CustomerPicker testId="log-customer" />
        </Form.Item>
        <Form.Item name="subject" label={t('relations.form.subject')} rules={required}>
          <Input maxLength={200} data-testid="log-subject" />
        </Form.Item>
        <Form.Item name="content" label={t('relations.form.content')} rules={required}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={10_000} data-testid="log-content" />
        </Form.Item>
        <Form.Item name="result" label={t('relations.form.result')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
        </Form.Item>
        <Form.Item name="customerNeeds" label={t('relations.form.customerNeeds')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
        </Form.Item>
        <Form.Item name="nextStepText" label={t('relations.form.nextStep')}>
          <Input maxLength={500} data-testid="log-next-step" />
        </Form.Item>
        <Form.Item name="nextStepDue" label={t('relations.form.nextStepDue')}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs().startOf('day'))} inputReadOnly />
        </Form.Item>
        {onSite ? (
          <Form.Item label={t('relations.form.checkIn')}>
            <Button icon={<EnvironmentOutlined />} onClick={locate} loading={locating} data-testid="log-locate">{t('relations.form.locate')}</Button>
            {checkIn ? <Typography.Text type="success" style={{ marginLeft: 8 }} data-testid="log-located">{t('relations.form.located', { accuracy: checkIn.accuracy })}</Typography.Text> : null}
          </Form.Item>
        ) : null}
        {onSite ? (
          <Form.Item label={t('relations.form.photo')}>
            {/* capture: a phone opens its rear camera; a desktop browser offers a file */}
            <input ref={photoInput} type="file" accept="image/*" capture="environment" hidden data-testid="log-photo-input" onChange={(e) => { setPhoto(e.target.files?.[0] ?? null); e.target.value = ''; }} />
            <Flex gap={8} align="center" wrap>
              <Button icon={<CameraOutlined />} onClick={() => photoInput.current?.click()} data-testid="log-photo">{t('relations.form.takePhoto')}</Button>
              {preview ? (
                <>
                  <img src={preview} alt={t('relations.form.photo')} style={{ height: 56, maxWidth: 96, objectFit: 'cover', borderRadius: 4 }} data-testid="log-photo-preview" />
                  <Button type="text" icon={<DeleteOutlined />} aria-label={t('relations.form.removePhoto')} onClick={() => setPhoto(null)} />
                </>
              ) : null}
            </Flex>
          </Form.Item>
        ) : null}
        <Button type="primary" htmlType="submit" block size="large" loading={mutation.isPending} data-testid="log-submit">{t('relations.form.submit')}</Button>
      </Form>
    </Card>
  );
};
