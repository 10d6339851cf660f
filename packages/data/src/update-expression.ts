/** The parts of a DynamoDB UpdateExpression that sets or removes named attributes. */
export interface UpdateParts {
  readonly expression: string;
  readonly names: Record<string, string>;
  readonly values: Record<string, unknown>;
}

/**
 * Builds `SET #a = :a, … REMOVE #b, …` from a map of attributes: a value sets the attribute,
 * `null` removes it, `undefined` leaves it alone. `extraSets` are added to the SET clause as
 * they are (their names and values are the caller's to supply).
 */
export function buildUpdate(
  fields: Record<string, unknown>,
  extraSets: readonly string[] = [],
): UpdateParts {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = [...extraSets];
  const removes: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    names[`#${name}`] = name;
    if (value === null) {
      removes.push(`#${name}`);
    } else {
      values[`:${name}`] = value;
      sets.push(`#${name} = :${name}`);
    }
  }
  const clauses = [
    ...(sets.length > 0 ? [`SET ${sets.join(', ')}`] : []),
    ...(removes.length > 0 ? [`REMOVE ${removes.join(', ')}`] : []),
  ];
  return { expression: clauses.join(' '), names, values };
}
