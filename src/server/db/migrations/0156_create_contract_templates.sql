-- SAL-3 / seed 003 9.2: contract templates (合同范本) reviewed by legal before use. A template keeps
-- every version of its clauses; a version is usable once its approval (SEC-7, type
-- `contract_template`) is granted. A contract drafted from a template copies the clauses of the
-- version it used, so a later version never changes a contract under its signatures.
CREATE TABLE contract_templates (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- the newest approved version: what new contracts use (null until one is approved)
  approved_version_id bigint,
  disabled            boolean NOT NULL DEFAULT false,
  created_at          timestamptz NOT NULL,
  created_by          bigint REFERENCES users (id),
  updated_at          timestamptz NOT NULL,
  version             integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX contract_templates_name_idx ON contract_templates (lower(name));

CREATE TABLE contract_template_versions (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  template_id  bigint NOT NULL REFERENCES contract_templates (id),
  number       integer NOT NULL CHECK (number > 0),
  -- product, specification, quantity, quality, price, settlement, rightsObligations, disputeResolution
  clauses      jsonb NOT NULL,
  state        text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected', 'withdrawn', 'expired')),
  approval_id  bigint REFERENCES approvals (id),
  created_at   timestamptz NOT NULL,
  created_by   bigint REFERENCES users (id),
  decided_by   bigint REFERENCES users (id),
  decided_at   timestamptz,
  UNIQUE (template_id, number)
);
-- at most one version of a template waits for review at a time
CREATE UNIQUE INDEX contract_template_versions_one_pending ON contract_template_versions (template_id) WHERE state = 'pending';

ALTER TABLE contract_templates
  ADD CONSTRAINT contract_templates_approved_version_fk FOREIGN KEY (approved_version_id) REFERENCES contract_template_versions (id);

ALTER TABLE contracts
  ADD COLUMN template_version_id bigint REFERENCES contract_template_versions (id),
  ADD COLUMN clauses jsonb;

GRANT SELECT, INSERT, UPDATE ON contract_templates, contract_template_versions TO kedang_app;
