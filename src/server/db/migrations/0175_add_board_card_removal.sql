-- A card taken off a board (REL-6) stays in the database with its history: it is marked removed,
-- no longer shown, counted or carried over, and the removal is a history row like a move.
ALTER TABLE board_cards ADD COLUMN removed_at timestamptz, ADD COLUMN removed_by bigint REFERENCES users (id);
ALTER TABLE board_card_events DROP CONSTRAINT board_card_events_kind_check;
ALTER TABLE board_card_events ADD CONSTRAINT board_card_events_kind_check CHECK (kind IN ('created', 'moved', 'updated', 'carried_over', 'removed'));
