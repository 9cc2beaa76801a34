-- Service boards (看板管理, REL-6): one board per ISO week and per month; cards in three columns,
-- ordered by a fractional position; every move and carry-over is a history row.
CREATE TABLE boards (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('week', 'month')),
  period      text NOT NULL CHECK (period ~ '^\d{4}-(W\d{2}|\d{2})$'),
  starts_on   date NOT NULL,
  ends_on     date NOT NULL CHECK (ends_on >= starts_on),
  opened_at   timestamptz NOT NULL,
  opened_by   bigint REFERENCES users (id),
  UNIQUE (kind, period)
);

CREATE TABLE board_cards (
  id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  board_id               bigint NOT NULL REFERENCES boards (id),
  title                  text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  customer_id            bigint REFERENCES customers (id),
  assignee_id            bigint REFERENCES users (id),
  due_on                 date,
  "column"               text NOT NULL CHECK ("column" IN ('todo', 'doing', 'done')),
  position               double precision NOT NULL,
  carried_from_board_id  bigint REFERENCES boards (id),
  carry_count            integer NOT NULL DEFAULT 0,
  created_at             timestamptz NOT NULL,
  created_by             bigint REFERENCES users (id),
  updated_at             timestamptz NOT NULL,
  version                integer NOT NULL DEFAULT 0
);
CREATE INDEX board_cards_board_idx ON board_cards (board_id, "column", position);

CREATE TABLE board_card_events (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  card_id       bigint NOT NULL REFERENCES board_cards (id),
  kind          text NOT NULL CHECK (kind IN ('created', 'moved', 'updated', 'carried_over')),
  from_board_id bigint REFERENCES boards (id),
  to_board_id   bigint REFERENCES boards (id),
  from_column   text,
  to_column     text,
  actor_id      bigint REFERENCES users (id),
  at            timestamptz NOT NULL
);
CREATE INDEX board_card_events_card_idx ON board_card_events (card_id, id);
CREATE INDEX board_card_events_carried_idx ON board_card_events (from_board_id) WHERE kind = 'carried_over';
