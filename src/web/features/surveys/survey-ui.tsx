/** Shared pieces of the survey pages (REL-9): the answers form for the public page and phone calls, state tags, times. */
import { Form, Input, Radio, Select, Tag, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AnswerInput, SurveyQuestion, SurveyState } from '../../../contract/surveys.js';

export const surveysKey = ['surveys'] as const;

export const chinaTime = (iso: string | null | undefined) => (iso ? new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '');

const stateColors: Record<SurveyState, string> = { sent: 'processing', answered: 'success', expired: 'default', cancelled: 'default' };
export const SurveyStateTag = ({ state }: { state: SurveyState }) => {
  const { t } = useTranslation();
  return <Tag color={stateColors[state]}>{t(`surveys.states.${state}`)}</Tag>;
};

export const RatingText = ({ value }: { value: number | null }) =>
  value === null ? <Typography.Text type="secondary">—</Typography.Text> : <Typography.Text type={value <= 2 ? 'danger' : undefined} strong={value <= 2}>{value.toFixed(2)}</Typography.Text>;

export type AnswerValues = Record<string, number | string | undefined>;

/** The form values (`q:<id>` → value) as the API's answers: unanswered questions are left out. */
export function answersOf(questions: readonly SurveyQuestion[], v: AnswerValues): AnswerInput[] {
  return questions.flatMap((q): AnswerInput[] => {
    const value = v[`q:${q.id}`];
    if (value === undefined || value === null || value === '') return [];
    if (q.kind === 'rating') return [{ questionId: q.id, rating: Number(value) }];
    if (q.kind === 'choice') return [{ questionId: q.id, choice: String(value) }];
    return String(value).trim() === '' ? [] : [{ questionId: q.id, text: String(value) }];
  });
}

/** One item per question: ratings as five large buttons (easy on a phone), choices as a list, text as a text area. */
export const AnswerFields = ({ questions, requireRatings }: { questions: readonly SurveyQuestion[]; form?: FormInstance; requireRatings?: boolean }) => {
  const { t } = useTranslation();
  return (
    <>
      {questions.map((q, i) => (
        <Form.Item
          key={q.id}
          name={`q:${q.id}`}
          label={`${i + 1}. ${q.text}`}
          rules={q.kind === 'rating' && requireRatings ? [{ required: true, message: t('surveys.public.required') }] : []}
          data-testid={`survey-question-${q.id}`}
          extra={q.kind === 'rating' ? <span style={{ fontSize: 12 }}>1 = {t('surveys.ratingLabels.r1')}，5 = {t('surveys.ratingLabels.r5')}</span> : undefined}
        >
          {q.kind === 'rating' ? (
            <Radio.Group optionType="button" buttonStyle="solid" size="large" style={{ display: 'flex', width: '100%' }}>
              {[1, 2, 3, 4, 5].map((n) => (
                <Radio.Button key={n} value={n} style={{ flex: 1, textAlign: 'center' }} title={t(`surveys.ratingLabels.r${n as 1}`)}>
                  <span data-testid={`rate-${q.id}-${n}`}>{n}</span>
                </Radio.Button>
              ))}
            </Radio.Group>
          ) : q.kind === 'choice' ? (
            <Select allowClear options={(q.options ?? []).map((o) => ({ value: o, label: o }))} data-testid={`choice-${q.id}`} />
          ) : (
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} placeholder={t('surveys.public.comments')} data-testid={`text-${q.id}`} />
          )}
        </Form.Item>
      ))}
    </>
  );
};
