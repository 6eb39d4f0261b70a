export * from './shape';
export { observeTrace, type ObserveOptions } from './observe';
export { deriveShapes, growthOf, type DeriveOptions } from './derive';
export { diffShapes, describeMeasure, nodePaths, type ShapeChange } from './diff';
export {
  annotationReaders,
  annotationKeysOf,
  readersOf,
  unwrittenReads,
  type AnnotationReader,
  type AnnotationReaders,
  type KeyReader,
} from './annotation-readers';
export { checkBudgets, SUBSEGMENT_WARNING, type BudgetFinding } from './budgets';
export { shapeToJson, shapeFromJson } from './serialize';
export {
  operationLatencies,
  compareLatencies,
  type LatencySample,
  type LatencyFigure,
  type LatencyComparison,
} from './latency';
