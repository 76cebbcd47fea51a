/**
 * File functions in untrusted workspaces (#8 items 7, 11, 12): only regular files inside the
 * module's or the root's folder are read, up to 4 MB; FIFOs, devices, links out of the tree and
 * absolute paths elsewhere give unknown with one info finding naming the path, promptly. Content
 * read from files and sensitive values never appear in the text, JSON or SARIF output.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli';
import { parseHcl } from '../../../src/core/hcl/parser';
import { Configuration } from '../../../src/core/model/config';
import { Scope } from '../../../src/core/model/evaluator';
import { MAX_READ_BYTES } from '../../../src/core/model/functions/filesystem';
import { ParseCache } from '../../../src/core/model/loader';
import { DiskReader } from '../../../src/core/model/source';
import { marksOf, toPlain, type Value } from '../../../src/core/model/values';
import { removeTree, writeTree } from '../support/temp-module';

const repo = path.resolve(__dirname, '../../..');
const network = fs.readFileSync(path.join(repo, 'test/fixtures/rules/image-registry/invalid/docker-hub-sidecars/network.tf'), 'utf8');

function evaluateIn(dir: string, expression: string): { value: Value; configuration: Configuration } {
  const configuration = new Configuration(dir, new DiskReader(), new ParseCache());
  const file = parseHcl(`x = ${expression}\n`, path.join(dir, 'main.tf'));
  const item = file.body.items[0];
  assert.ok(item && item.kind === 'attribute');
  return { value: configuration.evaluator.evaluate(item.expr, Scope.of(configuration.root)), configuration };
}

/** Evaluates `local.x` of a module whose main.tf sets it, so the info finding has a file. */
function localIn(dir: string, expression: string): { value: Value; configuration: Configuration } {
  fs.writeFileSync(path.join(dir, 'main.tf'), `locals {\n  x = ${expression}\n}\n`);
  const configuration = new Configuration(dir, new DiskReader(), new ParseCache());
  return { value: configuration.root.localValue('x'), configuration };
}

function infoAbout(configuration: Configuration, text: string) {
  return configuration.problems.filter((p) => p.severity === 'info' && p.message.includes(text));
}

async function cli(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stdout += t) });
  return { code, stdout };
}

describe('file functions: what may be read', () => {
  const dirs: string[] = [];
  const tree = (files: Record<string, string | Uint8Array>) => {
    const dir = writeTree(files);
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach(removeTree));

  it('reads a regular file inside the module and marks what it read', () => {
    const dir = tree({ 'defs.json': '[{"image":"x"}]' });
    const { value } = localIn(dir, 'file("defs.json")');
    assert.equal(value.kind, 'string');
    assert.equal(marksOf(value)?.file, 'file("defs.json")');
    assert.deepEqual(toPlain(localIn(dir, 'jsondecode(file("defs.json"))[0].image').value), 'x');
    assert.equal(marksOf(localIn(dir, 'jsondecode(file("defs.json"))[0].image').value)?.file, 'file("defs.json")');
  });

  it('does not block on a FIFO: unknown, with an info finding naming it', () => {
    const dir = tree({});
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    for (const fn of ['file', 'filebase64', 'filesha256', 'templatefile']) {
      const call = fn === 'templatefile' ? `${fn}("pipe", {})` : `${fn}("pipe")`;
      const { value, configuration } = localIn(dir, call);
      assert.equal(value.kind, 'unknown', call);
      const info = infoAbout(configuration, `${fn}("pipe")`);
      assert.equal(info.length, 1, `${call}: ${JSON.stringify(configuration.problems)}`);
      assert.match(info[0].message, /not a regular file/);
      assert.equal(info[0].file, path.join(dir, 'main.tf'));
      assert.equal(info[0].range?.start.line, 1);
    }
  });

  it('does not read /dev/zero, directly or through a link inside the module', () => {
    const dir = tree({});
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero'));
    for (const call of ['file("/dev/zero")', 'file("zero")', 'filebase64("zero")']) {
      const { value, configuration } = localIn(dir, call);
      assert.equal(value.kind, 'unknown', call);
      assert.equal(infoAbout(configuration, call).length, 1, call);
    }
  });

  it('does not read outside the module and root folders (../, absolute paths such as /etc/shadow, links out)', () => {
    const outside = tree({ 'secret.txt': 'TOP-SECRET-CONTENT' });
    const dir = path.join(outside, 'module');
    fs.mkdirSync(dir);
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'link.txt'));
    for (const call of [
      'file("../secret.txt")',
      `file("${path.join(outside, 'secret.txt')}")`,
      'file("/etc/shadow")',
      'file("/etc/passwd")',
      'file("link.txt")',
      'fileexists("../secret.txt")',
      'filemd5("/etc/hostname")',
      'templatefile("/etc/shadow", {})',
    ]) {
      const { value, configuration } = localIn(dir, call);
      assert.equal(value.kind, 'unknown', call);
      assert.ok(!JSON.stringify(value).includes('TOP-SECRET'), call);
      const info = infoAbout(configuration, 'outside the module');
      assert.equal(info.length, 1, `${call}: ${JSON.stringify(configuration.problems)}`);
    }
  });

  it('lets a module read what its root module has (relative paths start at the root)', () => {
    const root = tree({
      'main.tf': 'module "app" {\n  source = "./modules/app"\n}\n',
      'shared.txt': 'from the root',
      'modules/app/own.txt': 'own',
    });
    const configuration = new Configuration(root, new DiskReader(), new ParseCache());
    const child = configuration.modules.find((m) => m.path === 'module.app');
    assert.ok(child);
    const evaluate = (text: string) => {
      const file = parseHcl(`x = ${text}\n`, path.join(root, 'modules/app/main.tf'));
      const item = file.body.items[0];
      assert.ok(item && item.kind === 'attribute');
      return configuration.evaluator.evaluate(item.expr, Scope.of(child));
    };
    assert.deepEqual(toPlain(evaluate('file("shared.txt")')), 'from the root');
    assert.deepEqual(toPlain(evaluate('file("${path.module}/own.txt")')), 'own');
  });

  it('does not read files larger than the limit, nor lists of them beyond it', () => {
    const dir = tree({});
    const big = path.join(dir, 'big.json');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, MAX_READ_BYTES + 1);
    const { value, configuration } = localIn(dir, 'file("big.json")');
    assert.equal(value.kind, 'unknown');
    assert.match(infoAbout(configuration, 'file("big.json")')[0]?.message ?? '', /larger than 4 MB/);
  });

  it('keeps fileset inside the tree (a link to a folder outside is not followed)', () => {
    const outside = tree({ 'private/key.pem': 'KEY' });
    const dir = path.join(outside, 'module');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'a.txt'), 'a');
    fs.symlinkSync(path.join(outside, 'private'), path.join(dir, 'private'));
    assert.deepEqual(toPlain(evaluateIn(dir, 'fileset(".", "**")').value), ['a.txt']);
  });
});

describe('marks on shared values', () => {
  it('stay linear on a DAG of locals built from a sensitive variable', () => {
    const lines = ['variable "seed" {\n  default   = "s3cr3t-seed"\n  sensitive = true\n}', 'locals {', '  a0 = [var.seed]'];
    for (let i = 1; i <= 40; i++) lines.push(`  a${i} = [local.a${i - 1}, local.a${i - 1}]`);
    lines.push(
      '  n = length(local.a40)',
      '  s = issensitive(local.a40)',
      '  t = can(local.a40)',
      '  u = try(local.a40, null) == null',
      '}',
    );
    const dir = writeTree({ 'main.tf': lines.join('\n') + '\n' });
    try {
      const configuration = new Configuration(dir, new DiskReader(), new ParseCache());
      assert.deepEqual(toPlain(configuration.root.localValue('n')), 2);
      assert.deepEqual(toPlain(configuration.root.localValue('s')), true);
      assert.deepEqual(toPlain(configuration.root.localValue('t')), true);
      assert.ok(marksOf(configuration.root.localValue('a40'))?.sensitive);
    } finally {
      removeTree(dir);
    }
  });

  it('a sensitive output of a child module stays sensitive in its caller', () => {
    const dir = writeTree({
      'main.tf': 'module "app" {\n  source = "./app"\n}\n\nlocals {\n  upper = upper(module.app.token)\n  plain = module.app.name\n}\n',
      'app/main.tf': 'output "token" {\n  value     = "tok-123456"\n  sensitive = true\n}\n\noutput "name" {\n  value = "app"\n}\n',
    });
    try {
      const configuration = new Configuration(dir, new DiskReader(), new ParseCache());
      assert.ok(marksOf(configuration.root.localValue('upper'))?.sensitive);
      assert.equal(marksOf(configuration.root.localValue('plain')), undefined);
    } finally {
      removeTree(dir);
    }
  });
});

describe('file contents and sensitive values stay out of messages', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach(removeTree));
  const cwd = process.cwd();
  before(() => process.chdir(repo));
  after(() => process.chdir(cwd));

  const ecs = (definitions: string, extra = '') => `
${extra}
resource "aws_iam_role" "execution" {
  name               = "app-execution"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_ecs_task_definition" "app" {
  family                   = "app"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = "512"
  memory                   = "1024"
  execution_role_arn       = aws_iam_role.execution.arn
  container_definitions    = ${definitions}
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_ecs_service" "app" {
  name            = "app"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.app.arn
  launch_type     = "FARGATE"

  network_configuration {
    subnets         = [aws_subnet.private_a.id, aws_subnet.private_b.id]
    security_groups = [aws_security_group.ecs_task.id]
  }
}
`;

  async function outputs(dir: string): Promise<string[]> {
    const rel = path.relative(repo, dir);
    return Promise.all(
      ['text', 'json', 'sarif'].map(async (format) => (await cli(['check', rel, '--format', format, '--rule', 'image-registry'])).stdout),
    );
  }

  for (const [what, definitions] of [
    ['file()', 'file("${path.module}/defs.json")'],
    ['templatefile()', 'templatefile("${path.module}/defs.json.tftpl", { tag = "v1" })'],
  ] as const) {
    it(`names an image read by ${what} by its origin in text, JSON and SARIF`, async () => {
      const dir = writeTree({
        'network.tf': network,
        'ecs.tf': ecs(definitions),
        'defs.json': '[{"name": "confidential-sidecar", "image": "privateorg/confidential-image-name:4.2", "essential": true}]',
        'defs.json.tftpl': '[{"name": "confidential-sidecar", "image": "privateorg/confidential-image-name:${tag}", "essential": true}]',
      });
      dirs.push(dir);
      const [text, json, sarif] = await outputs(dir);
      const findings = JSON.parse(json).findings.filter((f: { ruleId: string }) => f.ruleId === 'image-registry');
      assert.equal(findings.length, 1, json);
      assert.match(findings[0].message, /uses the image from (file|templatefile)\("[^"]*defs\.json(\.tftpl)?"\) from Docker Hub/);
      for (const output of [text, json, sarif]) {
        assert.ok(!output.includes('confidential'), `file content in the output:\n${output}`);
        assert.ok(output.includes('image-registry'), output);
      }
    });
  }

  it('shows sensitive variables, outputs of them and values derived from them as (sensitive)', async () => {
    const dir = writeTree({
      'network.tf': network,
      'ecs.tf': ecs(
        'jsonencode([{ name = "app", image = "${lower(var.image_repository)}:${var.tag}", essential = true }])',
        'variable "image_repository" {\n  default   = "PrivateOrg/Confidential-Image-Name"\n  sensitive = true\n}\n\nvariable "tag" {\n  default = "1.0"\n}\n',
      ),
    });
    dirs.push(dir);
    const [text, json, sarif] = await outputs(dir);
    const findings = JSON.parse(json).findings.filter((f: { ruleId: string }) => f.ruleId === 'image-registry');
    assert.equal(findings.length, 1, json);
    assert.match(findings[0].message, /uses \(sensitive\) from Docker Hub/);
    for (const output of [text, json, sarif]) assert.ok(!/confidential/i.test(output), `sensitive value in the output:\n${output}`);
  });

  it('reports a refused file() as one info finding in the CLI output, without its content', async () => {
    const dir = writeTree({ 'network.tf': network, 'ecs.tf': ecs('file("/etc/shadow")') });
    dirs.push(dir);
    const r = await cli(['check', path.relative(repo, dir), '--format', 'json']);
    const info = JSON.parse(r.stdout).findings.filter(
      (f: { severity: string; message: string }) => f.severity === 'info' && f.message.includes('file("/etc/shadow")'),
    );
    assert.equal(info.length, 1, r.stdout);
    assert.equal(info[0].file, path.join(path.relative(repo, dir), 'ecs.tf'));
    assert.ok(!r.stdout.includes('root:'), r.stdout);
  });
});
