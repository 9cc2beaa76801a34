/** The signed-in caller as every service sees it. */
import type { RoleKey } from '../../contract/roles.js';
/** What a personal access token may do: `read` only safe methods, `write` everything. */
export type TokenScope = 'read' | 'write';

export type Principal = {
  userId: string;
  username: string;
  displayName: string;
  departmentId: string;
  roles: RoleKey[];
  mustChangePassword: boolean;
  /** Whether the user manages any department (then the access subject needs their subtrees); absent: unknown. */
  managesDepartments?: boolean;
  via: { kind: 'session'; sessionId: string; cookie: boolean } | { kind: 'pat'; tokenId: string; scopes: TokenScope[] };
};
