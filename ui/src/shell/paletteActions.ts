import type { Mode } from '../lib/bindings/Mode';
import type { Profile } from '../lib/bindings/Profile';
import { VIEWS, type ViewName } from '../lib/nav.svelte';
import type { PaletteItem } from './palette';

export interface ActionContext {
  profiles: Profile[];
  profileId: string | null;
  mode: Mode;
}

export interface ActionHandlers {
  selectProfile: (id: string) => void;
  requestMode: (mode: Mode) => void;
  openView: (view: ViewName) => void;
  sync: () => void;
}

/** The palette's actions for the current profile and mode. */
export function paletteActions(ctx: ActionContext, h: ActionHandlers): PaletteItem[] {
  const items: PaletteItem[] = [];
  for (const p of ctx.profiles) {
    if (p.id === ctx.profileId) continue;
    items.push({
      key: `profile:${p.id}`,
      label: `Switch to profile ${p.name}`,
      hint: 'Opens in TEST mode',
      run: () => h.selectProfile(p.id),
    });
  }
  if (ctx.profileId) {
    const other: Mode = ctx.mode === 'live' ? 'test' : 'live';
    items.push({
      key: `mode:${other}`,
      label: other === 'live' ? 'Switch to LIVE mode' : 'Switch to TEST mode',
      hint: other === 'live' ? 'Real money: asks for confirmation once per session' : 'Test data, no real money',
      run: () => h.requestMode(other),
    });
    items.push({
      key: 'sync',
      label: 'Sync open checkouts',
      hint: `Refreshes every non-final checkout of this profile (${ctx.mode.toUpperCase()})`,
      run: h.sync,
    });
  }
  for (const v of VIEWS) {
    items.push({ key: `view:${v.id}`, label: `Go to ${v.label}`, run: () => h.openView(v.id) });
  }
  return items;
}
