/** Shared bits of the complaint pages: state colours, the state diagram (SVC-2), the query key. */
import { Steps, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ComplaintState } from '../../../contract/complaints.js';

export const complaintsKey = ['complaints'] as const;

export const stateColor: Record<ComplaintState, string> = {
  received: 'blue', analysing: 'processing', explained: 'default', assigned: 'geekblue', investigating: 'purple', plan_proposed: 'orange', plan_approved: 'cyan',
  implementing: 'gold', resolved: 'green', followed_up: 'lime', closed: 'default',
};

export const StateTag = ({ state, overdue }: { state: ComplaintState; overdue?: boolean }) => {
  const { t } = useTranslation();
  return (
    <>
      <Tag color={stateColor[state]} data-testid="complaint-state">{t(`complaints.states.${state}`)}</Tag>
      {overdue ? <Tag color="red" data-testid="complaint-overdue">{t('complaints.overdue')}</Tag> : null}
    </>
  );
};

const mainPath: ComplaintState[] = ['received', 'analysing', 'assigned', 'investigating', 'plan_proposed', 'plan_approved', 'implementing', 'resolved', 'followed_up', 'closed'];
const explainedPath: ComplaintState[] = ['received', 'analysing', 'explained', 'closed'];

/** The state diagram: the main path, or the "not our responsibility" branch once explained. */
export const StateDiagram = ({ state, explained }: { state: ComplaintState; explained: boolean }) => {
  const { t } = useTranslation();
  const path = explained ? explainedPath : mainPath;
  const current = Math.max(0, path.indexOf(state));
  return (
    <Steps
      size="small"
      direction="horizontal"
      responsive
      current={current}
      status={state === 'closed' ? 'finish' : 'process'}
      items={path.map((s) => ({ title: t(`complaints.states.${s}`) }))}
      data-testid="complaint-diagram"
      style={{ overflowX: 'auto' }}
    />
  );
};

export const chinaTime = (iso: string | null | undefined) => (iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '—');
