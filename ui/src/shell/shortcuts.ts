/**
 * Global keyboard shortcuts. Ctrl/Cmd+K works everywhere (it types nothing); the
 * single-key shortcuts (`/`, `?`) are ignored while the focus is in a text field, so
 * typing a "/" in a search box never jumps elsewhere.
 */

export type Shortcut = 'palette' | 'search' | 'help';

type KeyLike = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>;

const NON_TEXT_INPUTS = new Set(['button', 'checkbox', 'radio', 'submit', 'reset', 'color', 'range', 'file']);

/** True when keys typed now would go into a text field. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(target.type);
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLElement && (target.isContentEditable || target.closest('[contenteditable=""], [contenteditable="true"]') !== null);
}

export function shortcutFor(event: KeyLike): Shortcut | null {
  const mod = event.ctrlKey || event.metaKey;
  if (mod && !event.altKey && event.key.toLowerCase() === 'k') return 'palette';
  if (mod || event.altKey || isTypingTarget(event.target)) return null;
  if (event.key === '/') return 'search';
  if (event.key === '?') return 'help';
  return null;
}

function isVisible(el: HTMLElement): boolean {
  if (el.closest('[hidden], [inert], dialog:not([open])')) return false;
  if ((el as HTMLInputElement).disabled) return false;
  // jsdom has no layout; real engines know whether the element is rendered.
  const check = (el as HTMLElement & { checkVisibility?: () => boolean }).checkVisibility;
  return typeof check === 'function' ? check.call(el) : true;
}

/** Focuses the current view's search box: the first visible `[data-search]`. */
export function focusFirstSearch(root: ParentNode = document): boolean {
  const candidates = Array.from(root.querySelectorAll<HTMLElement>('[data-search]'));
  const target = candidates.find(isVisible);
  if (!target) return false;
  target.focus();
  if (target instanceof HTMLInputElement) target.select();
  return true;
}

/**
 * True when more modal dialogs are open than the shell's own (`ownOpen`: palette, shortcut
 * list): shortcuts must not pull the user away from a refund or a confirmation half-way.
 */
export function otherDialogOpen(ownOpen: number, root: ParentNode = document): boolean {
  return root.querySelectorAll('dialog[open]').length > ownOpen;
}

export function isMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
}

export interface ShortcutHelp {
  keys: string;
  what: string;
}

export function shortcutList(mac = isMac()): ShortcutHelp[] {
  return [
    { keys: mac ? '⌘ K' : 'Ctrl K', what: 'Command palette: open a checkout or customer by id, switch profile or mode, go to a view, sync' },
    { keys: '/', what: "Search in the current view" },
    { keys: '?', what: 'Show this list' },
    { keys: '↑ ↓ Enter', what: 'Move through and pick from the palette and the profile list' },
    { keys: 'Esc', what: 'Close the palette, a list or a dialog' },
  ];
}
