import { describe, expect, it } from 'vitest';
import { chordOf, formatChord, onMac, parseChord, type KeyPress } from './chords';

const press = (key: string, mods: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('parseChord', () => {
  it('writes modifiers in one order and under one name, whatever the spelling', () => {
    expect(parseChord('ctrl+shift+z')).toBe('Mod+Shift+Z');
    expect(parseChord('Shift+Ctrl+Z')).toBe('Mod+Shift+Z');
    expect(parseChord('Cmd+Z')).toBe('Mod+Z');
    expect(parseChord('meta + z')).toBe('Mod+Z');
    expect(parseChord('Option+Alt+X')).toBeNull();
    expect(parseChord('alt+shift+mod+k')).toBe('Mod+Alt+Shift+K');
  });

  it('names keys once: arrows, Escape, Delete, Space, function keys', () => {
    expect(parseChord('ArrowLeft')).toBe('Left');
    expect(parseChord('left')).toBe('Left');
    expect(parseChord('Esc')).toBe('Escape');
    expect(parseChord('del')).toBe('Delete');
    expect(parseChord('space')).toBe('Space');
    expect(parseChord('f5')).toBe('F5');
    expect(parseChord('b')).toBe('B');
  });

  it('keeps Shift out of a symbol, which already says whether Shift was held', () => {
    expect(parseChord('?')).toBe('?');
    expect(parseChord('Shift+?')).toBe('?');
    expect(parseChord(',')).toBe(',');
    expect(parseChord('Mod++')).toBe('Mod++');
    expect(parseChord('+')).toBe('+');
    expect(parseChord('Shift+Space')).toBe('Shift+Space');
  });

  it('refuses what is not one chord', () => {
    for (const bad of ['', '  ', 'Ctrl', 'Shift+', 'Ctrl+Ctrl+Z', 'A+B', 'Hyperdrive', 'Ctrl+Banana', 'Mod+']) expect(parseChord(bad), bad).toBeNull();
  });
});

describe('chordOf', () => {
  it('reads a key press as the chord a binding names', () => {
    expect(chordOf(press('z', { ctrlKey: true }))).toBe('Mod+Z');
    expect(chordOf(press('z', { metaKey: true }))).toBe('Mod+Z');
    expect(chordOf(press('Z', { ctrlKey: true, shiftKey: true }))).toBe('Mod+Shift+Z');
    expect(chordOf(press('?', { shiftKey: true }))).toBe('?');
    expect(chordOf(press(' '))).toBe('Space');
    expect(chordOf(press('ArrowRight'))).toBe('Right');
    expect(chordOf(press('Escape'))).toBe('Escape');
    expect(chordOf(press('b'))).toBe('B');
  });

  it('gives no chord for a modifier pressed alone', () => {
    for (const key of ['Control', 'Shift', 'Alt', 'Meta']) expect(chordOf(press(key, { shiftKey: key === 'Shift' }))).toBeNull();
  });

  it('names the physical key when the key typed is not plain ASCII (Option on a Mac, other scripts)', () => {
    expect(chordOf(press('∫', { altKey: true, code: 'KeyB' }))).toBe('Alt+B');
    expect(chordOf(press('и', { code: 'KeyB' }))).toBe('B');
    expect(chordOf(press('¡', { altKey: true, code: 'Digit1' }))).toBe('Alt+1');
    expect(chordOf(press('é', { code: 'Quote' }))).toBeNull();
  });

  it('round-trips: a parsed chord is the chord its key press makes', () => {
    expect(chordOf(press('k', { ctrlKey: true }))).toBe(parseChord('Ctrl+K'));
    expect(chordOf(press('Delete'))).toBe(parseChord('Del'));
    expect(chordOf(press('y', { metaKey: true }))).toBe(parseChord('Ctrl+Y'));
  });
});

describe('formatChord', () => {
  it('writes Ctrl elsewhere and the Mac symbols on a Mac', () => {
    expect(formatChord('Mod+Shift+Z', false)).toBe('Ctrl+Shift+Z');
    expect(formatChord('Mod+Shift+Z', true)).toBe('⇧⌘Z');
    expect(formatChord('Mod+Alt+K', true)).toBe('⌥⌘K');
    expect(formatChord('Left', false)).toBe('←');
    expect(formatChord('Escape', false)).toBe('Esc');
    expect(formatChord('Mod++', false)).toBe('Ctrl++');
    expect(formatChord('?', true)).toBe('?');
    expect(formatChord('Backspace', false)).toBe('Backspace');
    expect(formatChord('Backspace', true)).toBe('⌫');
  });

  it('tells a Mac by its platform or user agent', () => {
    expect(onMac({ platform: 'MacIntel' })).toBe(true);
    expect(onMac({ platform: '', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)' })).toBe(true);
    expect(onMac({ platform: 'Linux x86_64' })).toBe(false);
    expect(onMac(undefined)).toBe(false);
  });
});
