/** One home-page widget: a titled card whose › opens the list behind it (ANA-2); none while that is not known yet. */
import { Card, Flex } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

export const Widget = ({ title, icon, to, testId, children }: { title: string; icon: ReactNode; to: string | null; testId: string; children: ReactNode }) => (
  <Card
    size="small"
    title={
      <Flex gap={8} align="center">
        <span style={{ color: '#1677ff' }}>{icon}</span>
        {title}
      </Flex>
    }
    extra={to === null ? null : <Link to={to}>›</Link>}
    style={{ height: '100%' }}
    data-testid={testId}
  >
    {children}
  </Card>
);
