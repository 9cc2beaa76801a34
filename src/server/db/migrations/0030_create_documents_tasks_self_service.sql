-- Documents of an archive (ARC-6), archive-update tasks (ARC-8), the customer self-service form (ARC-14).

-- 档案资料: the metadata of one document. Its content lives outside the database in the storage
-- directory (documents/<sha256[0:2]>/<sha256>), one row per uploaded version in document_files.
CREATE TABLE documents (
  id            bigserial PRIMARY KEY,
  customer_id   bigint NOT NULL REFERENCES customers (id),
  kind          text NOT NULL CHECK (kind IN ('original', 'attachment', 'print', 'draft', 'reply', 'request', 'source', 'forwarded', 'other')),
  category      text NOT NULL CHECK (category IN ('business_licence', 'legal_rep_id', 'agreement', 'contract', 'form', 'correspondence', 'other')),
  title         text NOT NULL,
  pages         integer NOT NULL CHECK (pages BETWEEN 1 AND 100000),
  received_on   date,
  secrecy_level text NOT NULL DEFAULT 'none' CHECK (secrecy_level IN ('none', 'secret', 'confidential', 'top_secret')),
  -- the document it belongs with: an attachment to its original, a reply to its request
  belongs_to    bigint REFERENCES documents (id),
  remarks       text,
  file_version  integer NOT NULL DEFAULT 1,
  version       integer NOT NULL DEFAULT 0,
  created_by    bigint REFERENCES users (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  -- deleted after an approved request (recycle-bin semantics: hidden; the file stays until destruction)
  deleted_at    timestamptz,
  deleted_by    bigint REFERENCES users (id),
  CHECK (belongs_to IS NULL OR belongs_to <> id)
);
CREATE INDEX documents_customer_idx ON documents (customer_id, id) WHERE deleted_at IS NULL;
CREATE INDEX documents_belongs_to_idx ON documents (belongs_to) WHERE belongs_to IS NOT NULL;

CREATE TABLE document_files (
  id            bigserial PRIMARY KEY,
  document_id   bigint NOT NULL REFERENCES documents (id),
  file_version  integer NOT NULL CHECK (file_version >= 1),
  sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size          bigint NOT NULL CHECK (size > 0),
  content_type  text NOT NULL,
  file_name     text NOT NULL,
  -- path below the storage root; content-addressed, so equal files are stored once
  storage_key   text NOT NULL CHECK (storage_key ~ '^documents/[0-9a-f]{2}/[0-9a-f]{64}$'),
  uploaded_by   bigint REFERENCES users (id),
  uploaded_at   timestamptz NOT NULL,
  UNIQUE (document_id, file_version)
);
CREATE INDEX document_files_sha_idx ON document_files (sha256);

-- ARC-8: "archive update" tasks, due one working day after new information arrived.
CREATE TABLE tasks (
  id              bigserial PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('archive_update')),
  customer_id     bigint NOT NULL REFERENCES customers (id),
  owner_id        bigint NOT NULL REFERENCES users (id),
  title           text NOT NULL,
  source          text NOT NULL CHECK (source IN ('call', 'visit', 'feedback', 'customer_form', 'other')),
  source_id       text,
  received_on     date NOT NULL,
  due_on          date NOT NULL,
  created_by      bigint REFERENCES users (id),
  created_at      timestamptz NOT NULL,
  completed_at    timestamptz,
  completed_by    bigint REFERENCES users (id),
  completion      text CHECK (completion IN ('archive_updated', 'manual')),
  completion_note text,
  version         integer NOT NULL DEFAULT 0,
  CHECK (due_on >= received_on)
);
CREATE INDEX tasks_owner_open_idx ON tasks (owner_id, due_on, id) WHERE completed_at IS NULL;
CREATE INDEX tasks_open_due_idx ON tasks (due_on, id) WHERE completed_at IS NULL;
CREATE INDEX tasks_customer_idx ON tasks (customer_id, id DESC);

-- An archive-update task is done when the archive is next updated: any version written to the
-- customer's history (archive, contact, document) completes its open tasks in that same
-- transaction, whatever code path wrote it.
CREATE FUNCTION complete_archive_update_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tasks
     SET completed_at = NEW.at, completed_by = NEW.actor_id, completion = 'archive_updated', version = version + 1
   WHERE customer_id = NEW.customer_id AND kind = 'archive_update' AND completed_at IS NULL AND created_at <= NEW.at;
  RETURN NULL;
END $$;
CREATE TRIGGER customer_history_completes_tasks AFTER INSERT ON customer_history
  FOR EACH ROW WHEN (NEW.version > 0 OR NEW.entity <> 'customer') EXECUTE FUNCTION complete_archive_update_tasks();

-- ARC-14: single-use links to the public self-service form; only the token's SHA-256 is stored.
CREATE TABLE self_service_links (
  id          bigserial PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  token_hash  bytea NOT NULL UNIQUE,
  fields      text[] NOT NULL CHECK (cardinality(fields) BETWEEN 1 AND 40),
  note        text,
  created_by  bigint NOT NULL REFERENCES users (id),
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  revoked_at  timestamptz,
  CHECK (expires_at > created_at)
);
CREATE INDEX self_service_links_customer_idx ON self_service_links (customer_id, id DESC);

-- What the customer sent: a pending change reviewed field by field (ARC-7 applies what is accepted).
CREATE TABLE self_service_submissions (
  id              bigserial PRIMARY KEY,
  link_id         bigint NOT NULL UNIQUE REFERENCES self_service_links (id),
  customer_id     bigint NOT NULL REFERENCES customers (id),
  changes         jsonb NOT NULL,
  submitter_name  text NOT NULL,
  submitter_phone text,
  submitter_note  text,
  submitted_at    timestamptz NOT NULL,
  ip              text,
  state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'reviewed')),
  decisions       jsonb,
  reviewed_by     bigint REFERENCES users (id),
  reviewed_at     timestamptz,
  version         integer NOT NULL DEFAULT 0
);
CREATE INDEX self_service_submissions_pending_idx ON self_service_submissions (id DESC) WHERE state = 'pending';
CREATE INDEX self_service_submissions_customer_idx ON self_service_submissions (customer_id, id DESC);

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO kedang_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO kedang_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM kedang_app;
