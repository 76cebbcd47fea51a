/**
 * Root variable inputs shared by the CLI and the editor (core/variables.ts): `TF_VAR_<name>` from the
 * environment (the extension host's in the editor) is the lowest, then terraform.tfvars, then
 * *.auto.tfvars, then the settings' variable files (.private-ecr.json varFiles, then the editor's
 * privateEcr.varFiles), then the command line's inputs, as Terraform takes them.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Configuration } from '../../../src/core/model/config';
import { ParseCache } from '../../../src/core/model/loader';
import { DiskReader } from '../../../src/core/model/source';
import { asString } from '../../../src/core/model/values';
import { variableInputsOf, variablesFromEnvironment } from '../../../src/core/variables';
import { removeTree, writeTree } from '../support/temp-module';

const VARIABLES = ['from_env', 'tfvars', 'auto', 'shared_file', 'setting_file', 'cli'];

describe('variable inputs: TF_VAR_ and variable files in Terraform’s precedence', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach(removeTree));

  it('reads TF_VAR_<name> only (case-sensitive prefix, non-empty name)', () => {
    assert.deepEqual(
      variablesFromEnvironment({ TF_VAR_image: 'a', tf_var_other: 'b', TF_VAR_: 'c', PATH: '/bin', TF_VAR_unset: undefined }),
      { image: 'a' },
    );
  });

  it('orders the inputs: environment, then the settings’ files, then the command line', () => {
    assert.deepEqual(variableInputsOf({ TF_VAR_a: '1' }, ['/x/shared.tfvars', '/x/setting.tfvars'], [{ name: 'a', value: '2' }]), {
      env: { a: '1' },
      cli: [{ file: '/x/shared.tfvars' }, { file: '/x/setting.tfvars' }, { name: 'a', value: '2' }],
    });
    assert.deepEqual(variableInputsOf({ PATH: '/bin' }, []), {});
  });

  it('gives every variable the value of the highest source that sets it', () => {
    // Each variable is set by every source up to its own name's level: the highest must win.
    const level = (name: string) => VARIABLES.indexOf(name);
    const assignments = (upTo: string, label: string) =>
      VARIABLES.filter((v) => level(v) >= level(upTo))
        .map((v) => `${v} = "${label}"\n`)
        .join('');
    const dir = writeTree({
      'main.tf': VARIABLES.map((v) => `variable "${v}" {\n  type = string\n}\n`).join('\n'),
      'terraform.tfvars': assignments('tfvars', 'tfvars'),
      'b.auto.tfvars': assignments('auto', 'auto'),
      'envs/shared.tfvars': assignments('shared_file', 'shared_file'),
      'envs/setting.tfvars': assignments('setting_file', 'setting_file'),
    });
    dirs.push(dir);
    const env: Record<string, string> = {};
    for (const v of VARIABLES) env[`TF_VAR_${v}`] = 'from_env';
    const inputs = variableInputsOf(
      env,
      [path.join(dir, 'envs/shared.tfvars'), path.join(dir, 'envs/setting.tfvars')],
      [{ name: 'cli', value: 'cli' }],
    );
    const configuration = new Configuration(dir, new DiskReader(), new ParseCache(), inputs);
    for (const v of VARIABLES) assert.equal(asString(configuration.root.variableValue(v)), v, `var.${v}`);
  });
});
