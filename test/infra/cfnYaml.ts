/**
 * Parses a CloudFormation YAML template into its JSON form, turning the short intrinsic tags (`!Ref`, `!Sub`,
 * `!GetAtt A.B`, `!If [...]`, …) into `{ "Ref": … }` / `{ "Fn::Sub": … }` objects, so tests can assert on it.
 */
import { parse, type Tags } from 'yaml';

const INTRINSICS = [
  'Ref',
  'Condition',
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
];

function intrinsicTags(): Tags {
  return INTRINSICS.flatMap((name) => {
    const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
    return [
      { tag: `!${name}`, resolve: (text: string) => ({ [key]: name === 'GetAtt' ? text.split('.') : text }) },
      {
        tag: `!${name}`,
        collection: 'seq' as const,
        resolve: (node: { toJSON(): unknown }) => ({ [key]: node.toJSON() }),
      },
      {
        tag: `!${name}`,
        collection: 'map' as const,
        resolve: (node: { toJSON(): unknown }) => ({ [key]: node.toJSON() }),
      },
    ];
  });
}

export type CfnTemplate = {
  Parameters: Record<string, Record<string, unknown>>;
  Conditions?: Record<string, unknown>;
  Resources: Record<
    string,
    { Type: string; Condition?: string; Properties: Record<string, unknown> } & Record<string, unknown>
  >;
  Outputs: Record<string, { Value: unknown; Condition?: string }>;
};

/** The template as plain JSON-like data. */
export function parseCfnTemplate(text: string): CfnTemplate {
  return parse(text, { customTags: intrinsicTags() }) as CfnTemplate;
}
