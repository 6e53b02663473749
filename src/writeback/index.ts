export {
  compileWriteBack,
  columnWriteBack,
  quoteIdentifier,
  WRITE_BACK_PARAMS,
  type WriteBackParam,
  type WriteBackStatement,
} from './template.js';
export { WriteBack, writeBackStatement, type WriteBackOptions, type WriteBackSummary } from './write-back.js';
export { writeBackMapping, type MappingWriteBackResult } from './mapping-write-back.js';
