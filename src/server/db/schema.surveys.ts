/** Tables of migrations 0100–0101: satisfaction surveys (REL-9). */
import type { ColumnType, Generated } from 'kysely';
import type { Id, Ts, TsDefault } from './schema.js';

type Json = ColumnType<unknown, string, string>;

export type SurveyTables = {
  survey_templates: {
    id: Generated<string> & Id;
    name: string;
    is_default: Generated<boolean>;
    disabled: Generated<boolean>;
    created_at: TsDefault;
    version: Generated<number>;
  };
  survey_template_versions: {
    id: Generated<string> & Id;
    template_id: string;
    number: number;
    questions: Json;
    created_at: TsDefault;
    created_by: string | null;
  };
  surveys: {
    id: Generated<string> & Id;
    customer_id: string;
    template_id: string;
    template_version_id: string;
    channel: string;
    state: Generated<string>;
    owner_id: string | null;
    sent_by: string | null;
    sent_at: TsDefault;
    token_hash: Buffer | null;
    link_expires_at: Ts | null;
    period: string | null;
    version: Generated<number>;
  };
  survey_responses: {
    id: Generated<string> & Id;
    survey_id: string;
    customer_id: string;
    owner_id: string | null;
    avg_rating: string | null;
    answers: Json;
    recorded_by: string | null;
    responded_at: TsDefault;
    /** migration 0205: the customer's current department, kept by triggers (only finds rows; never written by code) */
    department_id: Generated<string | null>;
  };
  survey_schedules: { abc_class: string; frequency: string; template_id: string | null; updated_at: TsDefault; updated_by: string | null };
};
