/** The title block at the top of every page: title, one-line description, actions on the right. */
import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

export const PageHeader = ({ title, description, extra }: { title: ReactNode; description?: ReactNode; extra?: ReactNode }) => (
  <Flex justify="space-between" align="flex-start" gap={12} wrap style={{ marginBottom: 16 }}>
    <div style={{ minWidth: 0 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {description ? (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
          {description}
        </Typography.Text>
      ) : null}
    </div>
    {extra ? <Flex gap={8} wrap>{extra}</Flex> : null}
  </Flex>
);
