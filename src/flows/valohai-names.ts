/**
 * The names valohai-yaml's JSON schema constrains (valohai_yaml/schema_data.py, checked at
 * 5f71bb7 of github:valohai/valohai-yaml). A name that breaks one fails `parse()` (validate=True),
 * so Valohai reads none of the file. Only these two are constrained: step, pipeline, parameter,
 * output and environment-variable names are plain `{"type": "string"}` there.
 * - endpoint `name`: "pattern": "^[a-z][a-z0-9-]+$" (it becomes part of the endpoint's URL);
 * - input `name` (under a step's inputs): "maxLength": 64.
 */
import { isRecord } from './yaml-document';
import type { YamlPath } from './yaml-document';

export interface NameProblem {
  path: YamlPath;
  message: string;
  hint: string;
}

const ENDPOINT_NAME = /^[a-z][a-z0-9-]+$/;
const INPUT_NAME_MAX = 64;
const REJECTED = 'valohai-yaml rejects the whole file, so Valohai runs none of its steps';

/**
 * jsonschema checks "pattern" with Python's re.search, whose `$` also matches before one final
 * newline: "name\n" passes there, so it passes here.
 */
function matchesPythonPattern(pattern: RegExp, value: string): boolean {
  return pattern.test(value.endsWith('\n') ? value.slice(0, -1) : value);
}

/** Every endpoint and input name the schema refuses, at its path, in file order. */
export function valohaiNameProblems(entries: unknown[]): NameProblem[] {
  const found: NameProblem[] = [];
  entries.forEach((entry, index) => {
    if (!isRecord(entry)) return;
    const endpoint = entry.endpoint;
    if (isRecord(endpoint) && typeof endpoint.name === 'string') {
      if (!matchesPythonPattern(ENDPOINT_NAME, endpoint.name)) {
        found.push({
          path: [index, 'endpoint', 'name'],
          message: `endpoint name ${JSON.stringify(endpoint.name)} does not match ^[a-z][a-z0-9-]+$: ${REJECTED}`,
          hint: `Endpoint names are part of a URL: lowercase letters, digits and dashes, a letter first, at least 2 characters (e.g. ${JSON.stringify(suggestedEndpointName(endpoint.name))}).`,
        });
      }
    }
    const step = entry.step;
    const inputs = isRecord(step) && Array.isArray(step.inputs) ? step.inputs : [];
    inputs.forEach((input, i) => {
      if (!isRecord(input) || typeof input.name !== 'string') return;
      // jsonschema's maxLength counts code points (Python len()).
      if ([...input.name].length <= INPUT_NAME_MAX) return;
      found.push({
        path: [index, 'step', 'inputs', i, 'name'],
        message: `input name ${JSON.stringify(input.name.slice(0, 40))}… is longer than ${INPUT_NAME_MAX} characters: ${REJECTED}`,
        hint: `Shorten it to ${INPUT_NAME_MAX} characters or fewer.`,
      });
    });
  });
  return found;
}

/** The name made lowercase, with dashes for the rest, for the hint. */
function suggestedEndpointName(name: string): string {
  const dashed = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
  return dashed.length >= 2 ? dashed : 'my-endpoint';
}
