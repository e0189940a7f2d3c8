export { runChecks, compareFindings } from './runChecks';
export { limitsFor, type ResolvedLimits } from './classLimits';
export { DEFAULT_PLAUSIBILITY, PLAUSIBILITY_RULES, plausibilitySettingsSchema, type PlausibilityRule, type PlausibilitySettings } from './settings';
export type { CheckCloud, CheckFrame, CheckInput, CheckReport, Finding, NotChecked } from './types';
