/** Tables of migration 0030: documents and their files (ARC-6), tasks (ARC-8), self-service links and submissions (ARC-14). */
import type { ColumnType, Generated } from 'kysely';
import type { Id, Ts, TsDefault } from './schema.js';

type Json = ColumnType<unknown, string | undefined, string>;

export type DocumentTables = {
  documents: {
    id: Generated<string> & Id;
    customer_id: string;
    kind: string;
    category: string;
    title: string;
    pages: number;
    received_on: string | null;
    secrecy_level: Generated<string>;
    belongs_to: string | null;
    remarks: string | null;
    file_version: Generated<number>;
    version: Generated<number>;
    created_by: string | null;
    created_at: TsDefault;
    updated_at: TsDefault;
    deleted_at: Ts | null;
    deleted_by: string | null;
  };
  document_files: {
    id: Generated<string> & Id;
    document_id: string;
    file_version: number;
    sha256: string;
    size: ColumnType<string, number | string, number | string>;
    content_type: string;
    file_name: string;
    storage_key: string;
    uploaded_by: string | null;
    uploaded_at: Ts;
  };
  tasks: {
    id: Generated<string> & Id;
    kind: string;
    customer_id: string | null;
    owner_id: string;
    title: string;
    source: string | null;
    source_id: string | null;
    ref_type: string | null;
    ref_id: string | null;
    received_on: string;
    due_on: string;
    created_by: string | null;
    created_at: Ts;
    completed_at: Ts | null;
    completed_by: string | null;
    completion: string | null;
    completion_note: string | null;
    version: Generated<number>;
  };
  self_service_links: {
    id: Generated<string> & Id;
    customer_id: string;
    token_hash: Buffer;
    fields: string[];
    note: string | null;
    created_by: string;
    created_at: Ts;
    expires_at: Ts;
    used_at: Ts | null;
    revoked_at: Ts | null;
  };
  self_service_submissions: {
    id: Generated<string> & Id;
    link_id: string;
    customer_id: string;
    changes: Json;
    submitter_name: string;
    submitter_phone: string | null;
    submitter_note: string | null;
    submitted_at: Ts;
    ip: string | null;
    state: Generated<string>;
    decisions: ColumnType<unknown, string | null | undefined, string | null>;
    reviewed_by: string | null;
    reviewed_at: Ts | null;
    version: Generated<number>;
  };
};
