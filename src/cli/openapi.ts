import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { renderOpenApi } from '../http/render-openapi.js';
import type { CliContext } from './context.js';

/** `openapi [--out FILE]`: the OpenAPI document generated from the code, as YAML. */
export async function openapiCommand(args: string[], { out }: CliContext): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  const yaml = await renderOpenApi();
  if (values.out) {
    writeFileSync(values.out, yaml);
    out(`wrote ${values.out}\n`);
  } else {
    out(yaml);
  }
  return 0;
}
