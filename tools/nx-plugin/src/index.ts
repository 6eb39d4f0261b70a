/**
 * @traced-social/nx-plugin: the workspace's generators. Run them with Nx
 * (`nx g traced-handler ...`, `nx g domain-app ...`); the exports are for composing generators.
 */
export { tracedHandlerGenerator } from './generators/traced-handler/generator';
export type { TracedHandlerGeneratorSchema } from './generators/traced-handler/schema';
export { domainAppGenerator } from './generators/domain-app/generator';
export type { DomainAppGeneratorSchema } from './generators/domain-app/schema';
