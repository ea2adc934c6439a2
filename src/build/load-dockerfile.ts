/**
 * Dockerfile text to the typed model, with every error placed in the file
 * (`Dockerfile:7: unknown instruction: COPPY (did you mean COPY?)`).
 */
import { parseDockerfile } from './dockerfile/parse.js';
import type { Directive, ParsedDockerfile, ParseWarning } from './dockerfile/node.js';
import { DockerfileError } from './errors.js';
import { parseModel } from './instructions/parse.js';
import type { DockerfileModel } from './instructions/types.js';

export interface LoadedDockerfile {
  file: string;
  model: DockerfileModel;
  parsed: ParsedDockerfile;
  directives: Directive[];
  warnings: ParseWarning[];
}

export function loadDockerfile(text: string, file = 'Dockerfile'): LoadedDockerfile {
  if (text.length === 0) throw new DockerfileError('the Dockerfile cannot be empty', file, undefined);
  try {
    const parsed = parseDockerfile(text);
    const model = parseModel(parsed);
    return { file, model, parsed, directives: parsed.directives, warnings: parsed.warnings };
  } catch (e) {
    if (e instanceof DockerfileError) throw e.locatedIn(file);
    throw e;
  }
}
