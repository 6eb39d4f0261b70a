import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { isCallTo } from './ast-utils';
import { createTracingRule, STRING_LIST_OPTION } from './create-rule';
import {
  HANDLER_MODULE_OPTION_PROPERTIES,
  handlerModulePath,
  type HandlerModuleOptions,
} from './handler-modules';

export const RULE_NAME = 'require-traced-handler';

type Options = HandlerModuleOptions & { handlerNames?: string[] };
type MessageIds = 'notWrapped' | 'defaultExport';

export const rule = createTracingRule<Options, MessageIds>({
  name: RULE_NAME,
  description:
    'An exported Lambda handler in apps/*/src/handlers/ must be wrapped by the observability wrapper (withTracing)',
  optionProperties: {
    ...HANDLER_MODULE_OPTION_PROPERTIES,
    handlerNames: STRING_LIST_OPTION,
  },
  messages: {
    notWrapped:
      'Lambda handler "{{name}}" is not wrapped by {{wrappers}}(): it would run with no handler subsegment, no operationType, no error capture. Write `export const {{name}} = withTracing(async (event) => …, { operationType })`.',
    defaultExport:
      'Handler modules export a named `handler` wrapped by {{wrappers}}(), not a default export.',
  },
  create(context, options) {
    if (!handlerModulePath(context.filename, options.files)) return {};
    const wrappers = new Set(options.wrappers ?? ['withTracing']);
    const handlerNames = new Set(options.handlerNames ?? ['handler']);
    const wrapperList = [...wrappers].join('() or ');

    const isWrapped = (init: TSESTree.Expression | null | undefined): boolean => {
      let expression = init;
      while (
        expression?.type === AST_NODE_TYPES.TSAsExpression ||
        expression?.type === AST_NODE_TYPES.TSSatisfiesExpression
      ) {
        expression = expression.expression;
      }
      return expression?.type === AST_NODE_TYPES.CallExpression && isCallTo(expression, wrappers);
    };

    const reportUnwrapped = (node: TSESTree.Node, name: string): void =>
      context.report({ node, messageId: 'notWrapped', data: { name, wrappers: wrapperList } });

    /** The module-level declaration of `name` (for `export { handler }`). */
    function findDeclaration(program: TSESTree.Program, name: string): TSESTree.Node | undefined {
      for (const statement of program.body) {
        const declaration =
          statement.type === AST_NODE_TYPES.ExportNamedDeclaration
            ? statement.declaration
            : statement;
        if (
          declaration?.type === AST_NODE_TYPES.FunctionDeclaration &&
          declaration.id?.name === name
        )
          return declaration;
        if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
          const found = declaration.declarations.find(
            (d) => d.id.type === AST_NODE_TYPES.Identifier && d.id.name === name,
          );
          if (found) return found;
        }
      }
      return undefined;
    }

    function checkDeclaration(
      node: TSESTree.Node | undefined,
      name: string,
      at: TSESTree.Node,
    ): void {
      if (node?.type === AST_NODE_TYPES.VariableDeclarator && isWrapped(node.init)) return;
      reportUnwrapped(at, name);
    }

    return {
      ExportNamedDeclaration(node) {
        const declaration = node.declaration;
        if (declaration?.type === AST_NODE_TYPES.FunctionDeclaration && declaration.id) {
          if (handlerNames.has(declaration.id.name))
            reportUnwrapped(declaration.id, declaration.id.name);
        } else if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
          for (const declarator of declaration.declarations) {
            if (declarator.id.type !== AST_NODE_TYPES.Identifier) continue;
            if (handlerNames.has(declarator.id.name))
              checkDeclaration(declarator, declarator.id.name, declarator.id);
          }
        }
        if (node.source) return;
        for (const specifier of node.specifiers) {
          if (specifier.exported.type !== AST_NODE_TYPES.Identifier) continue;
          if (!handlerNames.has(specifier.exported.name)) continue;
          if (specifier.local.type !== AST_NODE_TYPES.Identifier) continue;
          const program = context.sourceCode.ast;
          checkDeclaration(
            findDeclaration(program, specifier.local.name),
            specifier.exported.name,
            specifier,
          );
        }
      },
      ExportDefaultDeclaration(node) {
        context.report({ node, messageId: 'defaultExport', data: { wrappers: wrapperList } });
      },
    };
  },
});
