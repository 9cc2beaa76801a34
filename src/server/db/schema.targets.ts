/** Tables of migrations 0115 (targets and managers' comments, REL-11) and 0116 (staff training, REL-12). */
import type { ColumnType, Generated } from 'kysely';
import type { Id, TsDefault } from './schema.js';

type Json = ColumnType<unknown, string, string>;

export type TargetTables = {
  targets: { owner_id: string; period: string; metric: string; value: ColumnType<string, number, number>; set_by: string | null; set_at: TsDefault };
  target_comments: { id: Generated<string> & Id; owner_id: string; period: string; author_id: string; text: string; snapshot: Json; created_at: TsDefault };
};

/** Tables of migration 0116: staff training (REL-12). */
export type TrainingTables = {
  training_plans: { id: Generated<string> & Id; title: string; role: string; topic: string; description: string | null; required: Generated<boolean>; pass_score: Generated<number>; created_by: string | null; created_at: TsDefault };
  training_sessions: { id: Generated<string> & Id; plan_id: string; held_on: ColumnType<string, string, string>; trainer_id: string | null; trainer_name: string | null; material_document_ids: Generated<string[]>; case_studies: string | null; created_by: string | null; created_at: TsDefault };
  training_attendees: { session_id: string; user_id: string; score: number | null; comments: string | null; assessed_by: string | null; assessed_at: Date | null };
};
