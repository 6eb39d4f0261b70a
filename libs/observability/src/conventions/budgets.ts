/** Custom subsegments per invocation before operations run untraced (X-Ray: "< 50 per trace"). */
export const SUBSEGMENT_BUDGET = 49;
/** Leaves room for the annotations the Lambda service and the backend add (ColdStart, Service). */
export const ANNOTATION_BUDGET = 40;
