export { planSource, loadMapping, type PlanSourceOptions } from './plan-source.js';
export { writePlanFile } from './plan-file.js';
export { assess, type AssessOptions, type AssessResult } from './assess.js';
