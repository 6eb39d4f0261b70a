import { STRING_LIST_OPTION } from './create-rule';

/** Handler modules: `apps/<app>/src/handlers/<name>.ts`, tests excluded. */
export const DEFAULT_HANDLER_FILES = '(^|/)apps/[^/]+/src/handlers/[^/]+(?<!\\.(spec|test))\\.ts$';

/** The options of the rules on handler modules: the wrapper's names and which files are handlers. */
export interface HandlerModuleOptions {
  wrappers?: string[];
  files?: string;
}

/** Their JSON schema properties (a rule adds its own beside them). */
export const HANDLER_MODULE_OPTION_PROPERTIES = {
  wrappers: STRING_LIST_OPTION,
  files: { type: 'string' },
} as const;

/** The linted file with forward slashes when it is a handler module, else undefined. */
export function handlerModulePath(filename: string, files?: string): string | undefined {
  const path = filename.replace(/\\/g, '/');
  return new RegExp(files ?? DEFAULT_HANDLER_FILES).test(path) ? path : undefined;
}
