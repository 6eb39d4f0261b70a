import { RuleTester } from '@typescript-eslint/rule-tester';

// RuleTester declares its cases through the test framework's hooks: hand it Jest's.
RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** A RuleTester parsing TypeScript (the default parser of `@typescript-eslint/rule-tester`). */
export const createRuleTester = (): RuleTester => new RuleTester();
