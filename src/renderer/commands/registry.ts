import { parseChord, type Chord } from './chords';
import { evaluateWhen, parseWhen, type WhenContext, type WhenExpr } from './when';

/** What a command is given when it runs: the app, as the command set that registered it sees it. */
export interface Command<App> {
  /** Dotted id, `category.action`: `tool.draw`, `timeline.next`; user bindings are saved under it. */
  readonly id: string;
  readonly title: string;
  readonly category: string;
  /** A sentence more than the title, for tooltips and the palette. */
  readonly description?: string;
  /** Chords bound until the user binds others, as parseChord reads them. */
  readonly keys?: readonly string[];
  /** When the command applies; empty or absent means always. */
  readonly when?: string;
  readonly run: (app: App) => void;
}

export interface RegisteredCommand<App> extends Command<App> {
  readonly keys: readonly Chord[];
  readonly when: string;
  readonly whenExpr: WhenExpr;
}

/** Command id → the chords the user bound to it in place of its defaults ([] unbinds it). */
export type UserBindings = Readonly<Record<string, readonly string[]>>;

/** Two or more commands bound to one chord. */
export interface Conflict {
  readonly chord: Chord;
  readonly commandIds: readonly string[];
}

/**
 * Every command of the window, and the chords bound to each: the toolbar, the palette, the shortcut
 * sheet and the key handler all read this, so a command is declared once. Listeners hear of every
 * change of bindings, for views to re-render.
 */
export class CommandRegistry<App> {
  private readonly commands = new Map<string, RegisteredCommand<App>>();
  private user: UserBindings = {};
  private readonly listeners = new Set<() => void>();
  private version = 0;

  register(command: Command<App>): void {
    if (this.commands.has(command.id)) throw new Error(`command ${command.id} is registered twice`);
    const keys = (command.keys ?? []).map((k) => {
      const chord = parseChord(k);
      if (!chord) throw new Error(`command ${command.id}: "${k}" is not a key chord`);
      return chord;
    });
    const when = command.when ?? '';
    this.commands.set(command.id, { ...command, keys, when, whenExpr: parseWhen(when) });
    this.changed();
  }

  get(id: string): RegisteredCommand<App> | undefined {
    return this.commands.get(id);
  }

  /** Every command, in the order registered. */
  all(): RegisteredCommand<App>[] {
    return [...this.commands.values()];
  }

  /** Whether a command applies in this context; an unknown id never does. */
  enabled(id: string, ctx: WhenContext): boolean {
    const command = this.commands.get(id);
    return command !== undefined && evaluateWhen(command.whenExpr, ctx);
  }

  /** Runs a command if it applies now; says whether it ran. */
  run(id: string, app: App, ctx: WhenContext): boolean {
    const command = this.commands.get(id);
    if (!command || !evaluateWhen(command.whenExpr, ctx)) return false;
    command.run(app);
    return true;
  }

  /** The chords bound to a command now: the user's, or its defaults. */
  keysFor(id: string): readonly Chord[] {
    const user = this.user[id];
    if (user) return user.map(parseChord).filter((c): c is Chord => c !== null);
    return this.commands.get(id)?.keys ?? [];
  }

  /** Whether the user bound this command (even to nothing). */
  isUserBound(id: string): boolean {
    return Object.hasOwn(this.user, id);
  }

  userBindings(): UserBindings {
    return this.user;
  }

  /** Replaces the user's bindings (as loaded from the workspace); chords that do not parse are dropped when read. */
  setUserBindings(bindings: UserBindings): void {
    this.user = { ...bindings };
    this.changed();
  }

  /** Binds a command to these chords in place of its defaults; binding it to its defaults clears the user entry. */
  bind(id: string, chords: readonly Chord[]): void {
    const defaults = this.commands.get(id)?.keys ?? [];
    const same = chords.length === defaults.length && chords.every((c, i) => c === defaults[i]);
    const next = { ...this.user };
    if (same) delete next[id];
    else next[id] = [...chords];
    this.user = next;
    this.changed();
  }

  /** Goes back to a command's default chords. */
  reset(id: string): void {
    if (!this.isUserBound(id)) return;
    const next = { ...this.user };
    delete next[id];
    this.user = next;
    this.changed();
  }

  /** The registered commands bound to this chord now, in registration order. */
  boundTo(chord: Chord): RegisteredCommand<App>[] {
    return this.all().filter((c) => this.keysFor(c.id).includes(chord));
  }

  /** The command a key press runs in this context: the first bound to the chord whose when-clause holds. */
  resolve(chord: Chord, ctx: WhenContext): RegisteredCommand<App> | undefined {
    return this.boundTo(chord).find((c) => evaluateWhen(c.whenExpr, ctx));
  }

  /** Chords bound to more than one command; the sheet shows them, and the default set has none. */
  conflicts(): Conflict[] {
    const byChord = new Map<Chord, string[]>();
    for (const c of this.commands.values()) {
      for (const chord of new Set(this.keysFor(c.id))) byChord.set(chord, [...(byChord.get(chord) ?? []), c.id]);
    }
    return [...byChord].filter(([, ids]) => ids.length > 1).map(([chord, commandIds]) => ({ chord, commandIds }));
  }

  /** Bumped on every change; React reads it through useSyncExternalStore. */
  getVersion = (): number => this.version;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private changed(): void {
    this.version++;
    for (const l of this.listeners) l();
  }
}
