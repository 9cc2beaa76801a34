/**
 * 查借阅申请 (SEC-6): which parts, why, for how long — with the limits of the archive's level, the
 * approver who will decide, and the rule when the request can never be granted (422).
 */
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Flex, Form, Input, InputNumber, Result, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fieldGroups, type FieldGroup } from '../../../contract/access.js';
import type { Customer } from '../../../contract/customers.js';
import type { RouteResult } from '../../../contract/routes.js';
import { call, isApiError } from '../../api.js';
import { useFormErrors } from '../../ui/form-errors.js';
import { describeError } from '../../ui/problem.js';
import { formatDuration, roleLabel } from '../approvals/approval-labels.js';
import { useRefreshAfterDecision } from '../approvals/use-approvals.js';
import { useSecrecyLabel } from '../archive-security/use-secrecy-labels.js';

/** What the requester knows of the archive: nothing but its id when it is not visible to them. */
export type AccessTarget = { id: string } & Partial<Pick<Customer, 'name' | 'archiveNo' | 'secrecyLevel' | 'withheld'>>;

type FormValues = { customerId?: string; groups: FieldGroup[]; purpose: string; durationMinutes: number | null };
type Created = RouteResult<'createAccessRequest'>;

/** The same limits the server's borrowing rules apply (borrowing.rules.ts MAX_MINUTES). */
const maxMinutes = { none: 7 * 24 * 60, secret: 240 } as const;
const approverOf = { none: 'cs_manager', secret: 'gm' } as const;
const presets = [30, 60, 120, 240, 1440, 4320, 10080];
const optional = fieldGroups.filter((g) => g !== 'basic');

/** An archive number (KH-2026-000123) is turned into the id a request needs; an id passes through. */
const resolveTarget = async (entered: string | undefined): Promise<string> => {
  const v = (entered ?? '').trim();
  if (/^[A-Za-z]{1,5}-\d{4}-\d{6}$/.test(v)) return (await call('resolveArchiveNo', { query: { archiveNo: v } })).customerId;
  return v;
};

export const AccessRequestForm = ({ target, initialGroups, askForId = false, onCancel }: { target: AccessTarget | null; initialGroups?: FieldGroup[]; askForId?: boolean; onCancel?: () => void }) => {
  const { t } = useTranslation();
  const secrecy = useSecrecyLabel();
  const refresh = useRefreshAfterDecision();
  const [form] = Form.useForm<FormValues>();
  const errors = useFormErrors(form, ['customerId', 'groups', 'purpose', 'durationMinutes'], 'access-request-error');
  const level = target?.secrecyLevel;
  const lendable = level === undefined || level === 'none' || level === 'secret';
  const max = level === 'none' || level === 'secret' ? maxMinutes[level] : maxMinutes.none;
  // a visible archive: offer what is withheld; an unseen one: every part. Nothing is ticked unless asked
  // for (a withheld tab asks for its group): a records office lends only what the work needs.
  const choices = target?.withheld ? optional.filter((g) => target.withheld!.includes(g)) : optional;
  const create = useMutation({
    mutationFn: (v: FormValues) =>
      resolveTarget(askForId ? v.customerId : target?.id).then((customerId) => call('createAccessRequest', {
        body: { customerId, groups: ['basic', ...v.groups.filter((g) => g !== 'basic')], purpose: v.purpose.trim(), durationMinutes: v.durationMinutes ?? 0 },
      })),
    onMutate: errors.clear,
    onSuccess: () => refresh(),
    onError: (e) => {
      // a request that can never be granted is shown as such, not as a form error
      if (!(isApiError(e) && e.status === 422)) errors.onError(e);
    },
  });
  const refused = create.isError && isApiError(create.error) && create.error.status === 422 ? create.error : null;

  const duration = Form.useWatch('durationMinutes', form);
  if (create.data) return <Submitted created={create.data} onClose={onCancel} />;

  const limitText = t(`security.borrow.limits.${level ?? 'unknown'}`);
  return (
    <div data-testid="access-request-form">
      {errors.alert}
      {refused ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="access-request-refused"
          title={
            <Space wrap size={6}>
              {t('security.borrow.refused')}
              {refused.rule ? <Tag color="red">{refused.rule}</Tag> : null}
            </Space>
          }
          description={describeError(refused, t).detail?.replace(/^(该申请无法批准：|This request can never be granted: )/, '')}
        />
      ) : null}
      <Alert
        type={lendable ? 'info' : 'warning'}
        showIcon
        style={{ marginBottom: 16 }}
        title={t('security.borrow.limitsTitle')}
        description={
          <>
            <div data-testid="access-request-limit">{limitText}</div>
            {level === 'none' || level === 'secret' ? (
              <Typography.Text strong data-testid="access-request-approver">
                {t('security.borrow.approverWillBe', { role: roleLabel(t, approverOf[level]) })}
              </Typography.Text>
            ) : null}
          </>
        }
      />
      {target?.name ? (
        <Typography.Paragraph>
          <Typography.Text strong>{target.name}</Typography.Text> <Typography.Text type="secondary">{target.archiveNo}</Typography.Text>{' '}
          {level ? <Tag>{secrecy(level)}</Tag> : null}
        </Typography.Paragraph>
      ) : null}
      <Form<FormValues>
        form={form}
        layout="vertical"
        disabled={!lendable}
        initialValues={{ customerId: target?.id, groups: (initialGroups ?? []).filter((g) => (choices as readonly string[]).includes(g)), purpose: '', durationMinutes: 60 }}
        onFinish={(v) => create.mutate(v)}
      >
        {askForId ? (
          <Form.Item name="customerId" label={t('security.borrow.customerId')} extra={t('security.borrow.customerIdHelp')} rules={[{ required: true, pattern: /^\s*(\d{1,18}|[A-Za-z]{1,5}-\d{4}-\d{6})\s*$/, message: t('security.borrow.customerIdRequired') }]}>
            <Input maxLength={20} data-testid="access-request-customer-id" />
          </Form.Item>
        ) : null}
        <Form.Item label={t('security.borrow.groups')} extra={t('security.borrow.groupsHelp')}>
          <Flex wrap gap={8}>
            <Checkbox checked disabled>
              {t('security.groups.basic')}
            </Checkbox>
            <Form.Item name="groups" noStyle>
              <Checkbox.Group options={choices.map((g) => ({ value: g, label: <span data-testid={`access-request-group-${g}`}>{t(`security.groups.${g}`)}</span> }))} data-testid="access-request-groups" />
            </Form.Item>
          </Flex>
          {/* what each group shows (SEC-4): mobiles belong to 个人信息, not to 联系人 */}
          <ul style={{ margin: '8px 0 0', paddingInlineStart: 18, color: 'rgba(0,0,0,0.55)', fontSize: 12 }} data-testid="access-request-group-scope">
            {(['basic', ...choices] as const).map((g) => (
              <li key={g}>
                <strong>{t(`security.groups.${g}`)}</strong>：{t(`sharing.groupScope.${g}`)}
              </li>
            ))}
          </ul>
        </Form.Item>
        <Form.Item name="purpose" label={t('security.borrow.purpose')} rules={[{ required: true, whitespace: true, min: 2, message: t('security.borrow.purposeRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} showCount placeholder={t('security.borrow.purposePlaceholder')} data-testid="access-request-purpose" />
        </Form.Item>
        <Form.Item
          label={t('security.borrow.duration')}
          required
          extra={
            <Flex wrap gap={4} align="center" style={{ marginTop: 6 }}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('security.borrow.presets')}
              </Typography.Text>
              {presets
                .filter((m) => m <= max)
                .map((m) => (
                  <Button key={m} size="small" type={duration === m ? 'primary' : 'default'} onClick={() => form.setFieldValue('durationMinutes', m)} data-testid={`access-request-preset-${m}`}>
                    {formatDuration(t, m)}
                  </Button>
                ))}
            </Flex>
          }
        >
          <Space.Compact>
            <Form.Item
              name="durationMinutes"
              noStyle
              rules={[
                { required: true, message: t('security.borrow.durationRequired') },
                { type: 'number', max, message: t('security.borrow.durationOver', { max: formatDuration(t, max) }) },
              ]}
            >
              <InputNumber min={1} max={60 * 24 * 30} precision={0} style={{ width: 140 }} data-testid="access-request-duration" />
            </Form.Item>
            <Space.Addon>{t('security.borrow.durationUnit')}</Space.Addon>
          </Space.Compact>
        </Form.Item>
        <Flex gap={8} justify="flex-end" wrap>
          {onCancel ? (
            <Button onClick={onCancel} disabled={false}>
              {t('common.close')}
            </Button>
          ) : null}
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="access-request-submit">
            {t('security.borrow.submit')}
          </Button>
        </Flex>
      </Form>
    </div>
  );
};

const Submitted = ({ created, onClose }: { created: Created; onClose?: (() => void) | undefined }) => {
  const { t } = useTranslation();
  return (
    <Result
      status="success"
      title={<span data-testid="access-request-submitted">{t('security.borrow.submitted', { role: roleLabel(t, created.approverRole) })}</span>}
      subTitle={t('security.borrow.submittedDescription')}
      extra={
        <Flex gap={8} justify="center" wrap>
          <Link to={`/approvals/${created.approvalId}`} onClick={onClose}>
            <Button type="primary" data-testid="access-request-view-approval">
              {t('security.borrow.viewApproval')}
            </Button>
          </Link>
          <Link to="/access-requests" onClick={onClose}>
            <Button>{t('security.borrow.viewMine')}</Button>
          </Link>
        </Flex>
      }
    />
  );
};
