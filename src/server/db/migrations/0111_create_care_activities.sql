-- Care activities (客户关怀, REL-8): campaigns (holiday greetings with gifts, birthdays, the annual
-- customer conference, promotion notices) over the customer list's filters; one row per selected
-- customer records whether and how they were reached, their answer, a gift and attendance.
CREATE TABLE care_campaigns (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('holiday', 'birthday', 'conference', 'promotion', 'other')),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  holiday     text CHECK (holiday IN ('new_year', 'spring_festival', 'qingming', 'labour_day', 'dragon_boat', 'mid_autumn', 'national_day')),
  event_on    date,
  remind_on   date,
  filters     jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL,
  created_by  bigint REFERENCES users (id)
);
CREATE INDEX care_campaigns_kind_idx ON care_campaigns (kind, id DESC);

CREATE TABLE care_targets (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id  bigint NOT NULL REFERENCES care_campaigns (id),
  customer_id  bigint NOT NULL REFERENCES customers (id),
  channel      text CHECK (channel IN ('phone', 'visit', 'sms', 'email', 'mail', 'gift')),
  response     text NOT NULL DEFAULT 'pending' CHECK (response IN ('pending', 'no_response', 'positive', 'neutral', 'negative', 'accepted', 'declined')),
  gift         text,
  attended     boolean,
  note         text,
  reached_at   timestamptz,
  reached_by   bigint REFERENCES users (id),
  version      integer NOT NULL DEFAULT 0,
  UNIQUE (campaign_id, customer_id),
  CHECK ((reached_at IS NULL) = (channel IS NULL))
);
CREATE INDEX care_targets_customer_idx ON care_targets (customer_id, id DESC);
