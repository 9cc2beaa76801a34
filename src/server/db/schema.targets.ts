/** Tables of migration 0115: targets and managers' comments (REL-11). */
import type { ColumnType, Generated } from 'kysely';
import type { Id, TsDefault } from './schema.js';

type Json = ColumnType<unknown, string, string>;

export type TargetTables = {
  targets: { owner_id: string; period: string; metric: string; value: ColumnType<string, number, number>; set_by: string | null; set_at: TsDefault };
  target_comments: { id: Generated<string> & Id; owner_id: string; period: string; author_id: string; text: string; snapshot: Json; created_at: TsDefault };
};
