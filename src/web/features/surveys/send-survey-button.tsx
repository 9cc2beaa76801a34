/** 发送满意度调查 from a customer's page (REL-9): the send dialog fixed to this customer; a phone survey opens its answer form. */
import { SmileOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SendSurveyDialog, SurveyDialog } from './survey-dialogs.js';

export const SendSurveyButton = ({ customerId }: { customerId: string }) => {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [recording, setRecording] = useState<string | null>(null);
  return (
    <>
      <Button icon={<SmileOutlined />} onClick={() => setOpen(true)} data-testid="customer-send-survey">{t('surveys.send')}</Button>
      <SendSurveyDialog open={open} onClose={() => setOpen(false)} customerId={customerId} onRecord={setRecording} />
      <SurveyDialog surveyId={recording} onClose={() => setRecording(null)} />
    </>
  );
};
