// The text rules live in core so annotation kinds (core) and the contract share one definition.
export { text, textProblem } from '../core/model/text';
