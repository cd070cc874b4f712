// The signed-in user's role, following the sync settings (roles as the sign-in answered).
import type { Kind } from '../domain/types';
import { mayChangeKind, pisoRoleOf, type PisoRole } from './role';
import { sync } from './sync.svelte';

export const role = {
  get current(): PisoRole | null {
    return sync.config.user === null ? null : pisoRoleOf(sync.config.roles);
  },
  mayChange(kind: Kind): boolean {
    return mayChangeKind(this.current, kind);
  },
};
