/** 客户评价: a round's progress board, the evaluation list, ABC distribution and list, the tier change log, relationship evaluations. */
import { SettingOutlined } from '@ant-design/icons';
import { Button, Card, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { evaluationStates } from '../../../contract/evaluation.js';
import { PageHeader } from '../../ui/page-header.js';
import { AbcTab } from './abc-tab.js';
import { ChangesTab } from './changes-tab.js';
import { useEvaluationRoles } from './evaluation-ui.js';
import { EvaluationsTab, type EvaluationFilters } from './evaluations-tab.js';
import { RelationshipTab } from './relationship-tab.js';
import { RoundsTab } from './rounds-tab.js';

const tabs = ['rounds', 'evaluations', 'abc', 'changes', 'relationship'] as const;
type Tab = (typeof tabs)[number];

export const EvaluationPage = () => {
  const { t } = useTranslation();
  const { isAdmin } = useEvaluationRoles();
  const [params, setParams] = useSearchParams();
  const tab: Tab = (tabs as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'rounds';
  const go = (k: Tab) => setParams(k === 'rounds' ? {} : { tab: k }, { replace: true });
  const [quarter, setQuarter] = useState<string | undefined>();
  // ANA-2: the home page links here with ?tab=evaluations&state=open
  const [filters, setFilters] = useState<EvaluationFilters>(() => {
    const state = params.get('state');
    return state && (evaluationStates as readonly string[]).includes(state) ? { state: state as EvaluationFilters['state'] } : {};
  });
  const render = (k: Tab) => {
    switch (k) {
      case 'rounds':
        return (
          <RoundsTab quarter={quarter} setQuarter={(q) => { setQuarter(q); setFilters((f) => ({ ...f, quarter: q })); }}
            showDepartment={(departmentId, q) => { setFilters({ quarter: q, departmentId }); go('evaluations'); }} />
        );
      case 'evaluations': return <EvaluationsTab filters={filters} setFilters={setFilters} />;
      case 'abc': return <AbcTab />;
      case 'changes': return <ChangesTab />;
      case 'relationship': return <RelationshipTab />;
    }
  };
  return (
    <>
      <PageHeader title={t('evaluation.title')} description={t('evaluation.description')}
        extra={isAdmin ? <Link to="/evaluation/settings"><Button icon={<SettingOutlined />} data-testid="evaluation-settings">{t('evaluation.settings.title')}</Button></Link> : null} />
      <Card>
        <Tabs activeKey={tab} destroyOnHidden onChange={(k) => go(k as Tab)}
          items={tabs.map((k) => ({ key: k, label: <span data-testid={`evaluation-tab-${k}`}>{t(`evaluation.tabs.${k}`)}</span>, children: render(k) }))} />
      </Card>
    </>
  );
};
