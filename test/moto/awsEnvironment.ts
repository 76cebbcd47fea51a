/**
 * Keeps tests away from the developer's own AWS setup: the AWS_* variables are cleared and the shared files
 * pointed at an empty temp folder for the calling `describe`, then everything is restored.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The temp folder of one isolated block (config files, fake HOME). */
export interface IsolatedAwsEnvironment {
  folder: string;
  /** Writes ~/.aws/config of the isolated environment. */
  writeConfig(text: string): void;
  /** Writes ~/.aws/credentials of the isolated environment. */
  writeCredentials(text: string): void;
}

/** Registers hooks that isolate process.env for the calling `describe`. */
export function isolateAwsEnvironment(): () => IsolatedAwsEnvironment {
  let saved: NodeJS.ProcessEnv | null = null;
  let environment: IsolatedAwsEnvironment | null = null;
  before(() => {
    saved = { ...process.env };
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'private-ecr-aws-'));
    for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
    process.env.HOME = folder;
    process.env.AWS_CONFIG_FILE = path.join(folder, '.aws', 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(folder, '.aws', 'credentials');
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    fs.mkdirSync(path.join(folder, '.aws'), { recursive: true });
    environment = {
      folder,
      writeConfig: (text) => fs.writeFileSync(process.env.AWS_CONFIG_FILE as string, text),
      writeCredentials: (text) => fs.writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE as string, text),
    };
  });
  after(() => {
    if (environment) fs.rmSync(environment.folder, { recursive: true, force: true });
    if (saved) {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    }
    environment = null;
  });
  return () => {
    if (!environment) throw new Error('the isolated AWS environment is not set up');
    return environment;
  };
}
