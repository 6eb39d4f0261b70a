import { names } from '@nx/devkit';

const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export const isKebabCase = (name: string): boolean => KEBAB_CASE.test(name);

/** The names a handler or app is known by in code, traces and the manifest. */
export interface HandlerNames {
  /** `archive-post`: file, bundle and Lambda function name. */
  fileName: string;
  /** `ArchivePost`: the traced operation's subsegment name. */
  className: string;
  /** `archivePost`: functions and variables. */
  propertyName: string;
  /** `ARCHIVE_POST`: the default operationType. */
  constantName: string;
}

export function handlerNames(name: string): HandlerNames {
  const n = names(name);
  return {
    fileName: n.fileName,
    className: n.className,
    propertyName: n.propertyName,
    constantName: n.constantName,
  };
}
