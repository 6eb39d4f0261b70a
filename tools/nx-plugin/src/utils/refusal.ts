/** A generator's refusal: thrown before anything is written, so the tree stays untouched. */
export class GeneratorRefusal extends Error {
  override readonly name = 'GeneratorRefusal';

  constructor(
    readonly generator: string,
    readonly problems: string[],
  ) {
    super(`${generator}: nothing was generated.\n- ${problems.join('\n- ')}`);
  }
}
