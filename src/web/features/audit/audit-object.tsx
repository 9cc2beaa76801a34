/** What an audit event is about, readable (issue 17 item 10): "导入批次 #3", a customer as a link to its archive — never `import 3`. */
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

const links: Record<string, (id: string) => string> = {
  customer: (id) => `/customers/${id}`,
  approval: (id) => `/approvals/${id}`,
  evaluation: (id) => `/evaluation/${id}`,
  relationship_evaluation: (id) => `/evaluation/relationships/${id}`,
};

export const AuditObject = ({ type, id }: { type: string | null; id: string | null }) => {
  const { t, i18n } = useTranslation();
  if (!type && !id) return <>—</>;
  const key = `auditEntities.${type ?? ''}`;
  const label = type ? (i18n.exists(key) ? t(key as never) : type.replace(/_/g, ' ')) : '';
  if (!id) return <>{label}</>;
  const text = `${label} #${id}`;
  const to = type ? links[type]?.(id) : undefined;
  return to ? <Link to={to}>{text}</Link> : <Typography.Text>{text}</Typography.Text>;
};
