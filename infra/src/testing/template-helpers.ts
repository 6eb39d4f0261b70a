import type { Template } from 'aws-cdk-lib/assertions';

/** A CloudFormation resource as it appears in a template. */
export interface CfnResourceJson {
  Type: string;
  Properties?: Record<string, unknown>;
}

export interface RenderedStatement {
  actions: string[];
  resources: string[];
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export const resourcesOfType = (
  template: Template,
  type: string,
): Record<string, CfnResourceJson> =>
  template.findResources(type) as Record<string, CfnResourceJson>;

/**
 * Renders a template value as readable text: SSM parameters by their parameter name
 * (`{/traced-social/dev/shared/table/posts/name}`), other references as `{LogicalId}` or
 * `{LogicalId.Attr}`, joins joined. Lets tests compare ARNs across tokens.
 */
export function renderValue(template: Template, value: unknown): string {
  const parameters = template.toJSON().Parameters as Record<string, { Default?: string }>;
  const render = (node: Json): string => {
    if (typeof node === 'string') return node;
    if (Array.isArray(node) || node === null || typeof node !== 'object')
      return JSON.stringify(node);
    if ('Ref' in node) {
      const ref = node.Ref as string;
      return `{${parameters?.[ref]?.Default ?? ref}}`;
    }
    if ('Fn::Join' in node) {
      const [separator, parts] = node['Fn::Join'] as [string, Json[]];
      return parts.map(render).join(separator);
    }
    if ('Fn::GetAtt' in node) return `{${(node['Fn::GetAtt'] as string[]).join('.')}}`;
    return JSON.stringify(node);
  };
  return render(value as Json);
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** The logical id of the Lambda function with this physical name. */
export function functionLogicalId(template: Template, functionName: string): string {
  const functions = resourcesOfType(template, 'AWS::Lambda::Function');
  const id = Object.keys(functions).find(
    (key) => functions[key].Properties?.FunctionName === functionName,
  );
  if (!id) throw new Error(`No function named ${functionName}`);
  return id;
}

/** Every Allow statement of every policy attached to the function's role, rendered. */
export function functionStatements(template: Template, functionName: string): RenderedStatement[] {
  const fn = resourcesOfType(template, 'AWS::Lambda::Function')[
    functionLogicalId(template, functionName)
  ];
  const roleId = (fn.Properties?.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
  const role = resourcesOfType(template, 'AWS::IAM::Role')[roleId];
  const inline = (role.Properties?.Policies ?? []) as { PolicyDocument: unknown }[];
  const attached = Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))
    .filter((policy) =>
      (policy.Properties?.Roles as { Ref: string }[]).some((ref) => ref.Ref === roleId),
    )
    .map((policy) => ({ PolicyDocument: policy.Properties?.PolicyDocument }));
  return [...inline, ...attached].flatMap((policy) =>
    (policy.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement.filter(
      (statement) => statement.Effect === 'Allow',
    ).map((statement) => ({
      actions: asArray(statement.Action as string | string[]).sort(),
      resources: asArray(statement.Resource).map((resource) => renderValue(template, resource)),
    })),
  );
}

/** The managed policy ARNs of the function's role, rendered. */
export function functionManagedPolicies(template: Template, functionName: string): string[] {
  const fn = resourcesOfType(template, 'AWS::Lambda::Function')[
    functionLogicalId(template, functionName)
  ];
  const roleId = (fn.Properties?.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
  const role = resourcesOfType(template, 'AWS::IAM::Role')[roleId];
  return ((role.Properties?.ManagedPolicyArns ?? []) as unknown[]).map((arn) =>
    renderValue(template, arn),
  );
}

/** `{action, resource}` pairs of a function's statements, for exact comparisons. */
export function grantPairs(template: Template, functionName: string): string[] {
  return functionStatements(template, functionName)
    .flatMap(({ actions, resources }) =>
      actions.flatMap((action) => resources.map((resource) => `${action} ${resource}`)),
    )
    .sort();
}

/** The full path of each API Gateway resource (`/posts/{postId}`), by logical id. */
export function apiResourcePaths(template: Template): Record<string, string> {
  const resources = resourcesOfType(template, 'AWS::ApiGateway::Resource');
  const pathOf = (id: string): string => {
    const props = resources[id].Properties as { ParentId: Json; PathPart: string };
    const parent = props.ParentId as { Ref?: string };
    const prefix = parent.Ref && resources[parent.Ref] ? pathOf(parent.Ref) : '';
    return `${prefix}/${props.PathPart}`;
  };
  return Object.fromEntries(Object.keys(resources).map((id) => [id, pathOf(id)]));
}

/** Each method as `METHOD /path -> functionLogicalId`. */
export function apiRoutes(template: Template): string[] {
  const paths = apiResourcePaths(template);
  return Object.values(resourcesOfType(template, 'AWS::ApiGateway::Method'))
    .map((method) => {
      const props = method.Properties as {
        HttpMethod: string;
        ResourceId: { Ref?: string };
        Integration: { Uri: Json };
      };
      const path = (props.ResourceId.Ref && paths[props.ResourceId.Ref]) || '/';
      const target = JSON.stringify(props.Integration.Uri).match(
        /"Fn::GetAtt":\["([^"]+)","Arn"\]/,
      );
      return `${props.HttpMethod} ${path} -> ${target?.[1] ?? '?'}`;
    })
    .sort();
}
