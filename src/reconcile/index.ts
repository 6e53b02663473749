export { runReconcile, type ReconcileOptions, type ReconcileReport, type UserDrift } from './reconcile.js';
export {
  compareUser,
  chooseReadStrategy,
  fixFor,
  RECONCILED_FIELDS,
  type FieldDrift,
  type ReadStrategy,
} from './drift.js';
export { formatReconcile } from './format.js';
