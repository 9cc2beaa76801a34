/** 评价设置: the versioned scorecard, the ABC weights and region weights, the relationship template — for marketing managers, the marketing director and the general manager (what the API allows). */
import { Card, Result, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../ui/page-header.js';
import { AbcConfigEditor } from './abc-config-editor.js';
import { useEvaluationRoles } from './evaluation-ui.js';
import { RelationshipTemplateEditor } from './relationship-template-editor.js';
import { ScorecardEditor } from './scorecard-editor.js';

const tabs = ['scorecard', 'abc', 'relationship'] as const;
type Tab = (typeof tabs)[number];

export const EvaluationSettingsPage = () => {
  const { t } = useTranslation();
  const { isAdmin, editsScorecard } = useEvaluationRoles();
  const [params, setParams] = useSearchParams();
  // the system administrator edits the scorecard only (EVA-1); the rest is evaluation administration
  const shown: readonly Tab[] = isAdmin ? tabs : ['scorecard'];
  const tab: Tab = (shown as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'scorecard';
  if (!isAdmin && !editsScorecard) return <Result status="403" title={t('shell.forbiddenTitle')} subTitle={t('evaluation.settings.noAccess')} />;
  return (
    <>
      <PageHeader title={t('evaluation.settings.title')} description={t('evaluation.settings.description')} />
      <Card>
        <Tabs activeKey={tab} destroyOnHidden onChange={(k) => setParams(k === 'scorecard' ? {} : { tab: k }, { replace: true })}
          items={shown.map((k) => ({
            key: k,
            label: <span data-testid={`settings-tab-${k}`}>{t(`evaluation.settings.tabs.${k}`)}</span>,
            children: k === 'scorecard' ? <ScorecardEditor /> : k === 'abc' ? <AbcConfigEditor /> : <RelationshipTemplateEditor />,
          }))} />
      </Card>
    </>
  );
};
