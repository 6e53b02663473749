export { planSource, loadMapping, type PlanSourceOptions } from './plan-source.js';
export { mapSourceUsers, type MappedUser, type MapSourceOptions } from './map-source-users.js';
export { writePlanFile } from './plan-file.js';
export { assess, type AssessOptions, type AssessResult } from './assess.js';
export { assessDocumentHead, type AssessDocument } from './assess-document.js';
