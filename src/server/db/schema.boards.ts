/** Tables of migration 0110 (boards, REL-6) and 0111 (care activities, REL-8). */
import type { ColumnType, Generated } from 'kysely';
import type { Id, Ts } from './schema.js';

export type BoardTables = {
  boards: { id: Generated<string> & Id; kind: string; period: string; starts_on: string; ends_on: string; opened_at: Ts; opened_by: string | null };
  board_cards: {
    id: Generated<string> & Id;
    board_id: string;
    title: string;
    customer_id: string | null;
    assignee_id: string | null;
    due_on: string | null;
    column: string;
    position: number;
    carried_from_board_id: string | null;
    carry_count: Generated<number>;
    created_at: Ts;
    created_by: string | null;
    updated_at: Ts;
    version: Generated<number>;
    removed_at: Ts | null;
    removed_by: string | null;
  };
  board_card_events: {
    id: Generated<string> & Id;
    card_id: string;
    kind: string;
    from_board_id: string | null;
    to_board_id: string | null;
    from_column: string | null;
    to_column: string | null;
    actor_id: string | null;
    at: Ts;
  };
};

export type CareTables = {
  care_campaigns: { id: Generated<string> & Id; kind: string; name: string; holiday: string | null; event_on: string | null; remind_on: string | null; filters: ColumnType<unknown, string, string>; created_at: Ts; created_by: string | null };
  care_targets: {
    id: Generated<string> & Id;
    campaign_id: string;
    customer_id: string;
    channel: string | null;
    response: Generated<string>;
    gift: string | null;
    attended: boolean | null;
    note: string | null;
    reached_at: Ts | null;
    reached_by: string | null;
    version: Generated<number>;
  };
};
