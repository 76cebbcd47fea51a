/**
 * Root variable inputs from outside the configuration, in Terraform's precedence, shared by the CLI
 * and the editor: `TF_VAR_<name>` from the environment (lowest), then the root's own
 * terraform.tfvars(.json) and *.auto.tfvars(.json) (read by the loader), then variable files named by
 * the settings (`.private-ecr.json` varFiles, then the editor's privateEcr.varFiles), then the command
 * line's `--var-file`/`--var` in their order (highest).
 */
import type { VariableInputs } from './model/config';

/** The `TF_VAR_<name>` values of an environment, by variable name (Terraform is case-sensitive here). */
export function variablesFromEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env))
    if (key.startsWith('TF_VAR_') && key.length > 7 && value !== undefined) out[key.slice(7)] = value;
  return out;
}

/**
 * The inputs of one analysis: `env` is the process environment (the CLI's, or the extension host's),
 * `varFiles` the absolute paths of the variable files the settings name, lowest first, and `cli` the
 * command line's own inputs in their order.
 */
export function variableInputsOf(
  env: Readonly<Record<string, string | undefined>>,
  varFiles: readonly string[],
  cli: NonNullable<VariableInputs['cli']> = [],
): VariableInputs {
  const fromEnv = variablesFromEnvironment(env);
  const inputs: VariableInputs = {};
  if (Object.keys(fromEnv).length > 0) inputs.env = fromEnv;
  const ordered = [...varFiles.map((file) => ({ file })), ...cli];
  if (ordered.length > 0) inputs.cli = ordered;
  return inputs;
}
