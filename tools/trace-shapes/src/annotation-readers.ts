import { annotationReaders, type AnnotationReaders } from '@traced-social/trace-shapes';

/** What reads annotation keys outside the code (X-Ray groups, queries, dashboards, alarms). */
export function monitoringReaders(): AnnotationReaders {
  return annotationReaders([]);
}
