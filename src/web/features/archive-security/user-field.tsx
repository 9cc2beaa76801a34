/** A user chooser that works inside a Form.Item (which hands its child `value` and `onChange`). */
import type { CSSProperties } from 'react';
import { UserPicker } from '../audit/user-picker.js';

export const UserField = ({ value, onChange, style }: { value?: string; onChange?: (id: string | undefined) => void; style?: CSSProperties }) => (
  <UserPicker value={value} onChange={(id) => onChange?.(id)} style={style ?? { width: '100%' }} />
);
