/**
 * Key chords as the command registry stores them: modifiers in a fixed order, then one key, joined
 * by `+` (`Mod+Shift+Z`, `Alt+Left`, `?`, `Space`). `Mod` is Ctrl, or ⌘ on macOS, so one binding
 * serves both platforms and a saved binding moves between them.
 */

export type Chord = string;

/** The modifiers in the order a normalised chord writes them. */
const MODIFIERS = ['Mod', 'Alt', 'Shift'] as const;
type Modifier = (typeof MODIFIERS)[number];

const MODIFIER_ALIASES: Readonly<Record<string, Modifier>> = {
  mod: 'Mod',
  ctrl: 'Mod',
  control: 'Mod',
  cmd: 'Mod',
  command: 'Mod',
  meta: 'Mod',
  super: 'Mod',
  alt: 'Alt',
  option: 'Alt',
  opt: 'Alt',
  shift: 'Shift',
};

/** Named keys by every spelling accepted in a chord or sent in KeyboardEvent.key, to their one name. */
const NAMED_KEYS: Readonly<Record<string, string>> = {
  escape: 'Escape',
  esc: 'Escape',
  enter: 'Enter',
  return: 'Enter',
  tab: 'Tab',
  space: 'Space',
  ' ': 'Space',
  spacebar: 'Space',
  backspace: 'Backspace',
  delete: 'Delete',
  del: 'Delete',
  insert: 'Insert',
  home: 'Home',
  end: 'End',
  pageup: 'PageUp',
  pagedown: 'PageDown',
  arrowleft: 'Left',
  left: 'Left',
  arrowright: 'Right',
  right: 'Right',
  arrowup: 'Up',
  up: 'Up',
  arrowdown: 'Down',
  down: 'Down',
  plus: '+',
};
for (let i = 1; i <= 12; i++) (NAMED_KEYS as Record<string, string>)[`f${i}`] = `F${i}`;

/** Keys pressed alone are never a chord: they only modify the next key. */
const MODIFIER_KEYS = new Set(['Control', 'Shift', 'Alt', 'Meta', 'AltGraph', 'CapsLock', 'OS', 'Hyper', 'Super', 'Fn', 'FnLock', 'NumLock', 'ScrollLock', 'Dead', 'Unidentified', 'Process']);

/** Whether a key is one printed character that is not a letter (`?`, `,`, `5`): Shift is part of it. */
function isSymbol(key: string): boolean {
  return key.length === 1 && key.toUpperCase() === key.toLowerCase();
}

function normaliseKey(raw: string): string | null {
  if (raw.length === 1) {
    if (raw === ' ') return 'Space';
    return raw.toUpperCase();
  }
  return NAMED_KEYS[raw.toLowerCase()] ?? null;
}

function join(mods: ReadonlySet<Modifier>, key: string): Chord {
  // Shift is written into a symbol already (`?` is Shift+/ on one layout and not on another), so
  // a symbol's chord never carries it and matches whichever keys type it.
  const parts = MODIFIERS.filter((m) => mods.has(m) && !(m === 'Shift' && isSymbol(key)));
  return [...parts, key].join('+');
}

/**
 * The one spelling of a chord written by a user or a default (`ctrl+shift+z`, `Cmd+Z`, `shift+?`,
 * `ArrowLeft`), or null when it is not one: an unknown key, a modifier alone, two keys.
 */
export function parseChord(text: string): Chord | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  // `+` alone or after a separator (`Mod++`) is the plus key; every other `+` separates parts.
  const plusKey = trimmed === '+' || trimmed.endsWith('++');
  const body = trimmed === '+' ? '' : plusKey ? trimmed.slice(0, -2) : trimmed;
  const parts = body ? body.split('+').map((p) => p.trim()) : [];
  if (plusKey) parts.push('+');
  const mods = new Set<Modifier>();
  let key: string | null = null;
  for (const [i, part] of parts.entries()) {
    if (!part) return null;
    const mod = MODIFIER_ALIASES[part.toLowerCase()];
    if (mod && i < parts.length - 1) {
      if (mods.has(mod)) return null;
      mods.add(mod);
      continue;
    }
    if (i !== parts.length - 1) return null;
    key = normaliseKey(part);
  }
  return key ? join(mods, key) : null;
}

/** What a keydown event carries that a chord is made of (a KeyboardEvent has all of it). */
export interface KeyPress {
  readonly key: string;
  readonly code?: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
}

/**
 * The chord a key press makes, or null for a modifier pressed alone. Ctrl and ⌘ both count as Mod,
 * as the shortcuts always have. Where the key typed is not a plain ASCII character (Option+B on a
 * Mac types `∫`, a Cyrillic layout types `и`) the physical key names the chord instead, so bindings
 * keep working under those.
 */
export function chordOf(press: KeyPress): Chord | null {
  if (MODIFIER_KEYS.has(press.key)) return null;
  let key = normaliseKey(press.key);
  if (press.key.length === 1 && !/^[\x20-\x7e]$/.test(press.key)) {
    const physical = /^Key([A-Z])$/.exec(press.code ?? '') ?? /^Digit([0-9])$/.exec(press.code ?? '');
    key = physical ? physical[1] : null;
  }
  if (!key) return null;
  const mods = new Set<Modifier>();
  if (press.ctrlKey || press.metaKey) mods.add('Mod');
  if (press.altKey) mods.add('Alt');
  if (press.shiftKey) mods.add('Shift');
  return join(mods, key);
}

const KEY_LABELS: Readonly<Record<string, string>> = { Left: '←', Right: '→', Up: '↑', Down: '↓', Escape: 'Esc', Delete: 'Del' };
const MAC_KEY_LABELS: Readonly<Record<string, string>> = { ...KEY_LABELS, Backspace: '⌫', Enter: '↩' };

/** A chord as a person reads it on this platform: `Ctrl+Shift+Z`, or `⇧⌘Z` on a Mac. */
export function formatChord(chord: Chord, mac: boolean): string {
  const parts = chord === '+' ? ['+'] : chord.endsWith('++') ? [...chord.slice(0, -2).split('+'), '+'] : chord.split('+');
  const key = parts[parts.length - 1];
  const mods = parts.slice(0, -1);
  const label = (mac ? MAC_KEY_LABELS : KEY_LABELS)[key] ?? key;
  if (mac) {
    const symbols: Record<string, string> = { Mod: '⌘', Alt: '⌥', Shift: '⇧' };
    // macOS writes modifiers as ⌥⇧⌘ before the key.
    const order = ['Alt', 'Shift', 'Mod'];
    return [...order.filter((m) => mods.includes(m)).map((m) => symbols[m]), label].join('');
  }
  return [...mods.map((m) => (m === 'Mod' ? 'Ctrl' : m)), label].join('+');
}

/** Whether this browser runs on macOS, where Mod is shown as ⌘. */
export function onMac(nav: { readonly platform?: string; readonly userAgent?: string } | undefined = typeof navigator === 'undefined' ? undefined : navigator): boolean {
  return /Mac|iPhone|iPad/.test(nav?.platform || nav?.userAgent || '');
}
