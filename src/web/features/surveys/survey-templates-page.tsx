/** /surveys/templates — 问卷模板 and 定期调查 (REL-9, administrators): questions of each template, versions, the periodic schedule per ABC class. */
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Flex, Form, Input, List, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SurveyFrequency, SurveyTemplate } from '../../../contract/surveys.js';
import { questionKinds, surveyFrequencies } from '../../../contract/surveys.js';
import { call } from '../../api.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { PageHeader } from '../../ui/page-header.js';
import { LoadError } from '../../ui/results.js';
import { useSurveyTemplates } from './survey-dialogs.js';
import { surveysKey } from './survey-ui.js';

type QuestionValues = { id?: string; kind: 'rating' | 'choice' | 'text'; text: string; options?: string };
type TemplateValues = { name: string; isDefault?: boolean; questions: QuestionValues[] };

const toBody = (v: TemplateValues) => v.questions.map((q) => ({
  ...(q.id ? { id: q.id } : {}), kind: q.kind, text: q.text,
  ...(q.kind === 'choice' ? { options: (q.options ?? '').split('\n').map((o) => o.trim()).filter(Boolean) } : {}),
}));

const TemplateDialog = ({ template, open, onClose }: { template: SurveyTemplate | null; open: boolean; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<TemplateValues>();
  const errors = useFormErrors(form, ['name', 'questions'], 'survey-template-error');
  const save = useMutation({
    mutationFn: (v: TemplateValues) => template
      ? call('updateSurveyTemplate', { params: { id: template.id }, body: { version: template.version, name: v.name, questions: toBody(v), ...(v.isDefault && !template.isDefault ? { isDefault: true as const } : {}) } })
      : call('createSurveyTemplate', { body: { name: v.name, questions: toBody(v), ...(v.isDefault ? { isDefault: true } : {}) } }),
    onMutate: errors.clear,
    onError: errors.onError,
    onSuccess: () => { void message.success(t('surveys.saved')); void qc.invalidateQueries({ queryKey: surveysKey }); onClose(); },
  });
  const initial: TemplateValues = template
    ? { name: template.name, isDefault: template.isDefault, questions: template.questions.map((q) => ({ id: q.id, kind: q.kind, text: q.text, ...(q.options ? { options: q.options.join('\n') } : {}) })) }
    : { name: '', questions: [{ kind: 'rating', text: '' }] };
  return (
    <Modal open={open} onCancel={onClose} title={template ? t('surveys.editTemplate') : t('surveys.newTemplate')} destroyOnHidden width={640}
      okText={t('common.save')} onOk={() => form.submit()} confirmLoading={save.isPending} okButtonProps={{ 'data-testid': 'survey-template-save' } as never}>
      {template ? <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('surveys.versionHint')} /> : null}
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)} preserve={false}>
        {errors.alert}
        <Form.Item name="name" label={t('surveys.name')} rules={[{ required: true, whitespace: true }]}><Input maxLength={100} data-testid="survey-template-name" /></Form.Item>
        <Form.Item name="isDefault" valuePropName="checked"><Checkbox disabled={template?.isDefault}>{t('surveys.isDefault')}</Checkbox></Form.Item>
        <Form.List name="questions">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Card key={f.key} size="small" style={{ marginBottom: 8 }} title={`${t('surveys.question')} ${i + 1}`} extra={fields.length > 1 ? <Button type="link" danger size="small" onClick={() => remove(f.name)}>×</Button> : null}>
                  <Form.Item name={[f.name, 'id']} hidden><Input /></Form.Item>
                  <Flex gap={8} wrap>
                    <Form.Item name={[f.name, 'kind']} label={t('surveys.questionKind')} style={{ minWidth: 140 }}>
                      <Select options={questionKinds.map((k) => ({ value: k, label: t(`surveys.kinds.${k}`) }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'text']} label={t('surveys.questionText')} rules={[{ required: true, whitespace: true }]} style={{ flex: 1, minWidth: 200 }}>
                      <Input maxLength={200} />
                    </Form.Item>
                  </Flex>
                  <Form.Item noStyle shouldUpdate>
                    {() => form.getFieldValue(['questions', f.name, 'kind']) === 'choice' ? (
                      <Form.Item name={[f.name, 'options']} label={t('surveys.options')} rules={[{ required: true }]}><Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} /></Form.Item>
                    ) : null}
                  </Form.Item>
                </Card>
              ))}
              {fields.length < 30 ? <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ kind: 'rating', text: '' })}>{t('surveys.addQuestion')}</Button> : null}
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
};

const ScheduleCard = ({ templates }: { templates: SurveyTemplate[] }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const s = useQuery({ queryKey: [...surveysKey, 'schedule'], queryFn: () => call('getSurveySchedule') });
  const save = useMutation({
    mutationFn: (item: { abcClass: 'A' | 'B' | 'C'; frequency: SurveyFrequency; templateId: string | null }) => call('updateSurveySchedule', { body: { items: [item] } }),
    onSuccess: () => { void message.success(t('surveys.saved')); void qc.invalidateQueries({ queryKey: [...surveysKey, 'schedule'] }); },
    onError: (e) => void message.error(e instanceof Error ? e.message : String(e)),
  });
  return (
    <Card size="small" title={t('surveys.schedule')} style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t('surveys.scheduleHint')}</Typography.Paragraph>
      <Table size="small" pagination={false} rowKey="abcClass" loading={s.isLoading} dataSource={s.data?.items ?? []} scroll={{ x: 420 }} data-testid="survey-schedule" columns={[
        { title: t('surveys.abcClass'), dataIndex: 'abcClass', width: 70 },
        { title: t('surveys.period'), dataIndex: 'frequency', width: 140, render: (f: SurveyFrequency, r) => (
          <Select value={f} style={{ width: 120 }} onChange={(frequency) => save.mutate({ abcClass: r.abcClass, frequency, templateId: r.templateId })} options={surveyFrequencies.map((x) => ({ value: x, label: t(`surveys.frequencies.${x}`) }))} data-testid={`survey-schedule-${r.abcClass}`} />
        ) },
        { title: t('surveys.template'), dataIndex: 'templateId', render: (id: string | null, r) => (
          <Select value={id ?? ''} style={{ minWidth: 160 }} onChange={(v) => save.mutate({ abcClass: r.abcClass, frequency: r.frequency, templateId: v === '' ? null : v })}
            options={[{ value: '', label: t('surveys.defaultTemplate') }, ...templates.filter((x) => !x.disabled).map((x) => ({ value: x.id, label: x.name }))]} />
        ) },
      ]} />
    </Card>
  );
};

export const SurveyTemplatesPage = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const templates = useSurveyTemplates();
  const [editing, setEditing] = useState<SurveyTemplate | null | 'new'>(null);
  const toggle = useMutation({
    mutationFn: (x: { tpl: SurveyTemplate; patch: { disabled?: boolean; isDefault?: true } }) => call('updateSurveyTemplate', { params: { id: x.tpl.id }, body: { version: x.tpl.version, ...x.patch } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: surveysKey }),
    onError: (e) => void message.error(e instanceof Error ? e.message : String(e)),
  });
  const items = templates.data?.items ?? [];
  return (
    <>
      <PageHeader title={t('surveys.templates')} extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="survey-template-new">{t('surveys.newTemplate')}</Button>} />
      {templates.isError ? <LoadError error={templates.error} onRetry={() => void templates.refetch()} /> : (
        <List
          loading={templates.isLoading}
          grid={{ gutter: 12, xs: 1, md: 2 }}
          dataSource={items}
          renderItem={(tpl) => (
            <List.Item>
              <Card size="small" data-testid={`survey-template-${tpl.id}`}
                title={<Space wrap>{tpl.name}{tpl.isDefault ? <Tag color="blue">{t('surveys.isDefault')}</Tag> : null}{tpl.disabled ? <Tag>{t('surveys.disabled')}</Tag> : null}<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('surveys.version')} {tpl.versionNumber}</Typography.Text></Space>}
                extra={<Space size={0} wrap>
                  <Button type="link" size="small" onClick={() => setEditing(tpl)}>{t('surveys.editTemplate')}</Button>
                  {!tpl.isDefault && !tpl.disabled ? <Button type="link" size="small" onClick={() => toggle.mutate({ tpl, patch: { isDefault: true } })}>{t('surveys.makeDefault')}</Button> : null}
                  {!tpl.isDefault ? <Button type="link" size="small" onClick={() => toggle.mutate({ tpl, patch: { disabled: !tpl.disabled } })}>{tpl.disabled ? t('surveys.enable') : t('surveys.disable')}</Button> : null}
                </Space>}>
                <ol style={{ margin: 0, paddingInlineStart: 20 }}>
                  {tpl.questions.map((q) => <li key={q.id}>{q.text} <Typography.Text type="secondary" style={{ fontSize: 12 }}>（{t(`surveys.kinds.${q.kind}`)}{q.options ? `：${q.options.join(' / ')}` : ''}）</Typography.Text></li>)}
                </ol>
              </Card>
            </List.Item>
          )}
        />
      )}
      <ScheduleCard templates={items} />
      <TemplateDialog key={editing === null ? 'none' : editing === 'new' ? 'new' : `${editing.id}-${editing.version}`} template={editing === 'new' || editing === null ? null : editing} open={editing !== null} onClose={() => setEditing(null)} />
    </>
  );
};
