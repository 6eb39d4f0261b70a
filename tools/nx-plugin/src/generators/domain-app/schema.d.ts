export interface DomainAppGeneratorSchema {
  /** kebab-case app name: the directory `apps/<name>`, the Nx project and the manifest `app`. */
  name: string;
  /** POWERTOOLS_SERVICE_NAME of every function (default: the name). */
  service?: string;
  skipFormat?: boolean;
}
