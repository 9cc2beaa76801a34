/**
 * /boards — 服务看板 (REL-6): the weekly board (with today's and tomorrow's focus) and the monthly
 * board. Opening the page opens the current period's board (the server carries over the
 * unfinished cards of the previous one). Cards move by @dnd-kit (pointer, touch, keyboard) or by
 * the card's menu; each move is saved with the card's version, a stale one reloads the board.
 */
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { closestCorners, DndContext, KeyboardSensor, PointerSensor, TouchSensor, useDroppable, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Dropdown, Flex, Input, Segmented, Select, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { boardColumnKeys, type Board, type BoardCard, type BoardColumn, type BoardKind } from '../../../contract/boards.js';
import { call, isApiError } from '../../api.js';
import { PageHeader } from '../../ui/page-header.js';
import { errorLine } from '../../ui/problem.js';
import { LoadError } from '../../ui/results.js';
import { exportRows } from '../../ui/table-export.js';
import { useCurrentUser } from '../auth/current-user.js';
import { BoardCardView } from './board-card.js';
import { CardEditor } from './card-editor.js';

const columnColor: Record<BoardColumn, string> = { todo: '#1677ff', doing: '#fa8c16', done: '#52c41a' };
const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export const boardsKey = ['boards'] as const;

const Column = ({ column, cards, today, onOpen, onMove }: { column: BoardColumn; cards: BoardCard[]; today: string; onOpen: (c: BoardCard) => void; onMove: (c: BoardCard, column: BoardColumn, index: number | 'up' | 'down') => void }) => {
  const { t } = useTranslation();
  const { setNodeRef, isOver } = useDroppable({ id: `column:${column}` });
  return (
    <div ref={setNodeRef} data-testid={`board-column-${column}`} style={{ flex: '1 0 240px', minWidth: 240, background: isOver ? '#e6f4ff' : '#fafafa', borderRadius: 8, padding: 8, borderTop: `3px solid ${columnColor[column]}`, scrollSnapAlign: 'start' }}>
      <Flex justify="space-between" align="baseline" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t(`boards.columns.${column}`)}</Typography.Text>
        <Tag>{cards.length}</Tag>
      </Flex>
      <SortableContext id={column} items={cards.map((c) => c.id)} strategy={verticalListSortingStrategy}>
        <div style={{ minHeight: 48 }}>
          {cards.length === 0 ? <Typography.Text type="secondary">{t('boards.empty')}</Typography.Text> : cards.map((c) => <BoardCardView key={c.id} card={c} today={today} onOpen={onOpen} onMove={onMove} />)}
        </div>
      </SortableContext>
    </div>
  );
};

const periodLabel = (t: TFunction, kind: BoardKind, period: string) => {
  const [year, rest] = period.split('-');
  return kind === 'week' ? t('boards.weekLabel', { year, week: Number(rest!.slice(1)) }) : t('boards.monthLabel', { year, month: Number(rest) });
};

export const BoardsPage = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useCurrentUser();
  const [kind, setKind] = useState<BoardKind>('week');
  const [boardId, setBoardId] = useState<Record<BoardKind, string | null>>({ week: null, month: null });
  const [mine, setMine] = useState(false);
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<BoardCard | 'new' | null>(null);
  const today = chinaToday();

  // the current period's board: opened (and its carry-over made) on first sight
  const current = useQuery({ queryKey: [...boardsKey, 'current', kind], queryFn: () => call('openBoard', { body: { kind } }), staleTime: 60_000, retry: false });
  const earlier = useQuery({ queryKey: [...boardsKey, 'list', kind], queryFn: () => call('listBoards', { query: { kind } }), enabled: current.isSuccess });
  const selectedId = boardId[kind] ?? current.data?.id ?? null;
  const boardKey = [...boardsKey, 'board', selectedId];
  const board = useQuery({ queryKey: boardKey, queryFn: () => call('getBoard', { params: { id: selectedId! } }), enabled: selectedId !== null });

  const reload = () => void queryClient.invalidateQueries({ queryKey: boardsKey });
  const move = useMutation({
    mutationFn: (v: { card: BoardCard; column: BoardColumn; index: number }) => call('moveBoardCard', { params: { id: v.card.id }, body: { version: v.card.version, column: v.column, index: v.index } }),
    onMutate: async (v) => {
      await queryClient.cancelQueries({ queryKey: boardKey });
      const before = queryClient.getQueryData<Board>(boardKey);
      if (before) {
        const rest = before.cards.filter((c) => c.id !== v.card.id);
        const target = rest.filter((c) => c.column === v.column);
        const after = target[v.index];
        const moved = { ...v.card, column: v.column };
        const cards = after ? rest.flatMap((c) => (c.id === after.id ? [moved, c] : [c])) : [...rest, moved];
        queryClient.setQueryData(boardKey, { ...before, cards: cards.sort((a, b) => boardColumnKeys.indexOf(a.column) - boardColumnKeys.indexOf(b.column)) });
      }
      return { before };
    },
    onSuccess: (c) => void message.success(t('boards.moved', { column: t(`boards.columns.${c.column}`) })),
    onError: (e, _v, ctx) => {
      if (ctx?.before) queryClient.setQueryData(boardKey, ctx.before);
      void message.error(isApiError(e) && e.status === 409 ? t('boards.stale') : errorLine(e, t));
    },
    onSettled: reload,
  });

  const all = board.data?.cards ?? [];
  const q = search.trim().toLowerCase();
  const shown = all.filter((c) => (!mine || c.assigneeId === me.id) && (!q || c.title.toLowerCase().includes(q) || (c.customerName ?? '').toLowerCase().includes(q)));
  const byColumn = useMemo(() => Object.fromEntries(boardColumnKeys.map((col) => [col, shown.filter((c) => c.column === col)])) as Record<BoardColumn, BoardCard[]>, [shown]);

  const moveBy = (card: BoardCard, column: BoardColumn, index: number | 'up' | 'down') => {
    const others = all.filter((c) => c.column === column && c.id !== card.id);
    let i = typeof index === 'number' ? index : others.length;
    if (index === 'up' || index === 'down') {
      const at = all.filter((c) => c.column === column).findIndex((c) => c.id === card.id);
      i = Math.max(0, index === 'up' ? at - 1 : at + 1);
    }
    move.mutate({ card, column, index: i });
  };
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onDragEnd = (e: DragEndEvent) => {
    const card = all.find((c) => c.id === e.active.id);
    if (!card || !e.over) return;
    const overId = String(e.over.id);
    let column: BoardColumn;
    let index: number;
    if (overId.startsWith('column:')) {
      column = overId.slice(7) as BoardColumn;
      index = all.filter((c) => c.column === column && c.id !== card.id).length;
    } else {
      const target = all.find((c) => c.id === overId);
      if (!target) return;
      column = target.column;
      const others = all.filter((c) => c.column === column && c.id !== card.id);
      index = others.findIndex((c) => c.id === target.id);
      // dropping below the card one passes (downwards in the same column) lands after it
      const from = all.filter((c) => c.column === column).findIndex((c) => c.id === card.id);
      const to = all.filter((c) => c.column === column).findIndex((c) => c.id === target.id);
      if (card.column === column && from >= 0 && from < to) index += 1;
    }
    if (card.column === column && all.filter((c) => c.column === column).findIndex((c) => c.id === card.id) === index) return;
    move.mutate({ card, column, index });
  };

  const b = board.data;
  const focus = kind === 'week' && b ? { today: all.filter((c) => c.column !== 'done' && c.dueOn !== null && c.dueOn <= today), tomorrow: all.filter((c) => c.column !== 'done' && c.dueOn === addDays(today, 1)) } : null;
  const exportColumns = [
    { header: t('boards.cardTitle'), value: (c: BoardCard) => c.title },
    { header: t('boards.column'), value: (c: BoardCard) => t(`boards.columns.${c.column}`) },
    { header: t('boards.customer'), value: (c: BoardCard) => c.customerName ?? '' },
    { header: t('boards.assignee'), value: (c: BoardCard) => c.assigneeName ?? '' },
    { header: t('boards.dueOn'), value: (c: BoardCard) => c.dueOn ?? '' },
    { header: t('boards.cardHistory'), value: (c: BoardCard) => (c.carriedFrom ? t('boards.carried', { period: c.carriedFrom.period }) : '') },
  ];

  if (current.error && isApiError(current.error) && current.error.status === 403) return <Alert type="info" message={t('boards.notAllowed')} showIcon />;
  return (
    <>
      <PageHeader
        title={t('boards.title')}
        description={t('boards.description')}
        extra={
          <>
            <Dropdown menu={{ items: [{ key: 'xlsx', label: 'Excel (.xlsx)' }, { key: 'csv', label: 'CSV' }], onClick: ({ key }) => b && exportRows(key as 'csv' | 'xlsx', `board-${b.period}`, periodLabel(t, kind, b.period), exportColumns, shown) }}>
              <Button icon={<DownloadOutlined />} disabled={shown.length === 0} data-testid="board-export">
                {t('boards.export')}
              </Button>
            </Dropdown>
            <Button type="primary" icon={<PlusOutlined />} disabled={!b} onClick={() => setEditing('new')} data-testid="board-new-card">
              {t('boards.newCard')}
            </Button>
          </>
        }
      />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Segmented<BoardKind> value={kind} onChange={setKind} options={[{ value: 'week', label: t('boards.week') }, { value: 'month', label: t('boards.month') }]} data-testid="board-kind" />
        <Select
          style={{ minWidth: 180 }}
          value={selectedId ?? undefined}
          onChange={(id: string) => setBoardId((s) => ({ ...s, [kind]: id }))}
          options={(earlier.data?.items ?? (current.data ? [current.data] : [])).map((x) => ({ value: x.id, label: `${periodLabel(t, kind, x.period)}${x.id === current.data?.id ? ` · ${t('boards.current')}` : ''}` }))}
          data-testid="board-period"
        />
        <Input.Search allowClear placeholder={t('boards.filterSearch')} onChange={(e) => setSearch(e.target.value)} style={{ width: 200 }} data-testid="board-search" />
        <Checkbox checked={mine} onChange={(e) => setMine(e.target.checked)} data-testid="board-mine">
          {t('boards.filterMine')}
        </Checkbox>
      </Flex>
      {current.error && !(isApiError(current.error) && current.error.status === 403) ? <LoadError error={current.error} onRetry={() => void current.refetch()} /> : null}
      {board.error ? <LoadError error={board.error} onRetry={() => void board.refetch()} /> : null}
      {b ? (
        <Flex gap={8} wrap style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary" data-testid="board-range">
            {periodLabel(t, kind, b.period)} · {t('boards.range', { from: b.startsOn, to: b.endsOn })} · {t('boards.open', { count: b.openCards })} · {t('boards.done', { count: b.doneCards })}
          </Typography.Text>
          {b.carriedIn > 0 ? <Tag color="orange" data-testid="board-carried-in">{t('boards.carriedIn', { count: b.carriedIn })}</Tag> : null}
          {b.carriedAway.length > 0 ? <Tag data-testid="board-carried-away">{t('boards.carriedAway', { period: b.carriedAway[0]!.toPeriod, count: b.carriedAway.length })}</Tag> : null}
        </Flex>
      ) : null}
      {focus ? (
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          {(['today', 'tomorrow'] as const).map((k) => (
            <Card key={k} size="small" title={k === 'today' ? t('boards.focusToday') : t('boards.focusTomorrow')} style={{ flex: '1 1 260px' }} data-testid={`board-focus-${k}`}>
              {focus[k].length === 0 ? (
                <Typography.Text type="secondary">{t('boards.focusEmpty')}</Typography.Text>
              ) : (
                focus[k].map((c) => (
                  <div key={c.id}>
                    <Typography.Link onClick={() => setEditing(c)}>{c.title}</Typography.Link>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}> · {c.assigneeName ?? ''} {c.dueOn && c.dueOn < today ? `· ${t('boards.overdue')}` : ''}</Typography.Text>
                  </div>
                ))
              )}
            </Card>
          ))}
        </Flex>
      ) : null}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('boards.dragHint')}
      </Typography.Paragraph>
      <DndContext sensors={sensors} collisionDetection={closestCorners} onDragEnd={onDragEnd}>
        <Flex gap={8} align="flex-start" style={{ overflowX: 'auto', paddingBottom: 8, scrollSnapType: 'x proximity' }} data-testid="board">
          {boardColumnKeys.map((col) => (
            <Column key={col} column={col} cards={byColumn[col]} today={today} onOpen={setEditing} onMove={moveBy} />
          ))}
        </Flex>
      </DndContext>
      {b && editing ? <CardEditor boardId={b.id} card={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={reload} /> : null}
    </>
  );
};
