import type { MigrationStep } from '../../core/ontology/steps';

/** One migration step as the editor lists it. */
export function describeStep(s: MigrationStep): string {
  switch (s.op) {
    case 'renameClass':
      return `Rename class ${s.from} → ${s.to}`;
    case 'mergeClasses':
      return `Merge ${s.from.join(', ')} into ${s.into}`;
    case 'splitClass':
      return `Split ${s.from} into ${[...s.rules.map((r) => r.to), s.otherwise].filter((v, i, a) => a.indexOf(v) === i).join(', ')} by size (else ${s.otherwise}, flagged)`;
    case 'addAttribute':
      return `Add ${s.key} to ${s.classId}${s.value === undefined ? '' : ` = ${JSON.stringify(s.value)}`}`;
    case 'removeAttribute':
      return `Remove ${s.key} from ${s.classId}`;
    case 'renameAttribute':
      return `Rename ${s.classId}.${s.from} → ${s.to}`;
    case 'retypeAttribute':
      return `Retype ${s.classId}.${s.key} (values that do not convert are flagged)`;
  }
}
