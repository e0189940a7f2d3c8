/**
 * When-clauses, as VS Code writes them: names of context facts joined by `!`, `&&`, `||` and
 * parentheses (`sceneView && canEdit && !textFocus`). A clause is checked when it is registered,
 * so a misspelt fact fails at start-up instead of silently never matching.
 */

/** The facts a when-clause can name: what the window is showing and what the user may do now. */
export interface WhenContext {
  /** A scene (frames, annotations) is loaded. */
  readonly hasScene: boolean;
  /** A box is selected. */
  readonly hasSelection: boolean;
  /** The host lets this user edit annotations (false on a reviewer-mode host). */
  readonly canEdit: boolean;
  /** The host lets this user open other data. */
  readonly canOpen: boolean;
  /** Keys typed now go into a text field. */
  readonly textFocus: boolean;
  /** A streamed point cloud fills the window. */
  readonly cloudView: boolean;
  /** The scene's 3D view with its panels fills the window. */
  readonly sceneView: boolean;
  /** The sequence is playing. */
  readonly playing: boolean;
}

export type WhenKey = keyof WhenContext;

const KEYS: ReadonlySet<string> = new Set<WhenKey>(['hasScene', 'hasSelection', 'canEdit', 'canOpen', 'textFocus', 'cloudView', 'sceneView', 'playing']);

export type WhenExpr = { readonly op: 'fact'; readonly key: WhenKey } | { readonly op: 'not'; readonly arg: WhenExpr } | { readonly op: 'and' | 'or'; readonly args: readonly WhenExpr[] } | { readonly op: 'true' };

const TOKEN = /\s*(&&|\|\||!|\(|\)|[A-Za-z][A-Za-z0-9]*)/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) {
      if (!text.slice(at).trim()) break;
      throw new Error(`when-clause "${text}": unexpected "${text.slice(at).trim()}"`);
    }
    tokens.push(m[1]);
  }
  return tokens;
}

/** Parses a when-clause; an empty one is always true. Throws, naming the clause, on an unknown fact or bad syntax. */
export function parseWhen(text: string): WhenExpr {
  const tokens = tokenize(text);
  if (tokens.length === 0) return { op: 'true' };
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`when-clause "${text}": ${what}`);
  };
  // Precedence as in VS Code and C: ! binds tightest, then &&, then ||.
  const chain =
    (token: string, op: 'and' | 'or', operand: () => WhenExpr) =>
    (): WhenExpr => {
      const args = [operand()];
      while (tokens[i] === token) {
        i++;
        args.push(operand());
      }
      return args.length === 1 ? args[0] : { op, args };
    };
  const and = chain('&&', 'and', () => unary());
  const or = chain('||', 'or', and);
  const unary = (): WhenExpr => {
    const t = tokens[i++];
    if (t === '!') return { op: 'not', arg: unary() };
    if (t === '(') {
      const inner = or();
      if (tokens[i++] !== ')') fail('missing ")"');
      return inner;
    }
    if (t === undefined) return fail('ends too early');
    if (!KEYS.has(t)) return fail(`unknown fact "${t}" (known: ${[...KEYS].join(', ')})`);
    return { op: 'fact', key: t as WhenKey };
  };
  const expr = or();
  if (i < tokens.length) fail(`unexpected "${tokens[i]}"`);
  return expr;
}

export function evaluateWhen(expr: WhenExpr, ctx: WhenContext): boolean {
  switch (expr.op) {
    case 'true':
      return true;
    case 'fact':
      return ctx[expr.key];
    case 'not':
      return !evaluateWhen(expr.arg, ctx);
    case 'and':
      return expr.args.every((a) => evaluateWhen(a, ctx));
    case 'or':
      return expr.args.some((a) => evaluateWhen(a, ctx));
  }
}
