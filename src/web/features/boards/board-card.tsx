/** One card of a service board (REL-6): sortable by @dnd-kit (pointer, touch, keyboard), with a "move to" menu as the tap path. */
import { MoreOutlined } from '@ant-design/icons';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Button, Card, Dropdown, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { boardColumnKeys, type BoardCard as Card_, type BoardColumn } from '../../../contract/boards.js';

export const BoardCardView = ({ card, today, onOpen, onMove }: { card: Card_; today: string; onOpen: (c: Card_) => void; onMove: (c: Card_, column: BoardColumn, index: number | 'up' | 'down') => void }) => {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: card.id, data: { column: card.column } });
  const overdue = card.column !== 'done' && card.dueOn !== null && card.dueOn < today;
  const menu = [
    ...boardColumnKeys.filter((c) => c !== card.column).map((c) => ({ key: c, label: `${t('boards.moveTo')} ${t(`boards.columns.${c}`)}` })),
    { key: 'up', label: t('boards.moveUp') },
    { key: 'down', label: t('boards.moveDown') },
  ];
  return (
    <div
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      data-testid={`board-card-${card.id}`}
      aria-label={card.title}
      style={{ transform: CSS.Transform.toString(transform), transition, opacity: isDragging ? 0.5 : 1, cursor: 'grab', touchAction: 'manipulation', marginBottom: 8 }}
    >
      <Card size="small" styles={{ body: { padding: 8 } }}>
        <Flex justify="space-between" align="flex-start" gap={4}>
          <Typography.Link strong onClick={() => onOpen(card)} onPointerDown={(e) => e.stopPropagation()} style={{ flex: 1, minWidth: 0 }} data-testid="board-card-title">
            {card.title}
          </Typography.Link>
          <Dropdown trigger={['click']} menu={{ items: menu, onClick: ({ key }) => onMove(card, (key === 'up' || key === 'down' ? card.column : key) as BoardColumn, key === 'up' || key === 'down' ? key : 0) }}>
            <Button size="small" type="text" icon={<MoreOutlined />} aria-label={t('boards.moveTo')} onPointerDown={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()} data-testid="board-card-menu" />
          </Dropdown>
        </Flex>
        {card.customerId ? (
          <Link to={`/customers/${card.customerId}`} onPointerDown={(e) => e.stopPropagation()}>
            <Typography.Text type="secondary" ellipsis style={{ fontSize: 12, display: 'block' }}>
              {card.customerName}
            </Typography.Text>
          </Link>
        ) : card.customerWithheld ? (
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
            {t('boards.customerWithheld')}
          </Typography.Text>
        ) : null}
        <Flex justify="space-between" wrap gap={4} style={{ marginTop: 4, fontSize: 12 }}>
          <span>{card.assigneeName ?? ''}</span>
          {card.dueOn ? <Tag color={overdue ? 'red' : undefined} style={{ marginInlineEnd: 0 }}>{card.dueOn}</Tag> : null}
        </Flex>
        {card.carriedFrom ? (
          <Tag color="orange" style={{ marginTop: 4 }} data-testid="board-card-carried">
            {t('boards.carried', { period: card.carriedFrom.period })}
          </Tag>
        ) : null}
      </Card>
    </div>
  );
};
