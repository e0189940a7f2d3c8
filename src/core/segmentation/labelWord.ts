/**
 * A point's label as one 32-bit word, the SemanticKITTI `.label` layout: the semantic class in the
 * low 16 bits, the instance id in the high 16 bits. 0 is "unlabelled", instance 0 "no instance".
 */
export const UNLABELLED = 0;
export const MAX_SEMANTIC = 0xffff;
export const MAX_INSTANCE = 0xffff;

export function labelWord(semantic: number, instance = 0): number {
  if (!Number.isInteger(semantic) || semantic < 0 || semantic > MAX_SEMANTIC) throw new Error(`a semantic label is a whole number from 0 to ${MAX_SEMANTIC}, got ${semantic}`);
  if (!Number.isInteger(instance) || instance < 0 || instance > MAX_INSTANCE) throw new Error(`an instance id is a whole number from 0 to ${MAX_INSTANCE}, got ${instance}`);
  return ((instance << 16) | semantic) >>> 0;
}

export const semanticOf = (word: number): number => word & 0xffff;
export const instanceOf = (word: number): number => word >>> 16;
