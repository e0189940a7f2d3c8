/** A 2D box as this build writes it: the first build with the kind wrote this shape, so there is nothing to change yet. */
export function upgradeBox2dRecord(raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return { ...raw };
}
