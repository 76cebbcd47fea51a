/**
 * Benchmark of the analysis (prints figures; asserts nothing):
 *  1. a cold `private-ecr check` over a generated tree of 500+ modules and 20+ MB of .tf, each run a fresh
 *     process: wall and CPU time (against `node -e 0`), peak RSS and RSS per MB of source, min/median/p90;
 *  2. the loading alone on that tree (finding roots, reading and parsing every file, building each
 *     root's module tree, no rules), the first run apart and min/median/p90 of the next ones, so changes to how
 *     configuration is read (JSON, OpenTofu, override files, installed modules) can be compared;
 *  3. the editor's path: re-analysing a root with a 5,000-line module after one of its files changes
 *     (parse cache warm, one file re-parsed), in ms per re-analysis.
 *
 *   npx tsx bench/analysis.ts [--modules 500] [--mb 20] [--runs 3] [--cold-only] [--cli <another build's dist/cli.js>]
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyzeRoot, findRoots } from '../src/core/analyze';
import { Configuration } from '../src/core/model/config';
import { ParseCache } from '../src/core/model/loader';
import { DiskReader, OverlayReader } from '../src/core/model/source';
import { describe, machine, median, runNode } from './support/stats';

const repo = path.resolve(__dirname, '..');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

/** One application module: endpoints, security groups, IAM and an ECS service, padded with more security groups up to `targetBytes`. */
function appModule(index: number, targetBytes: number): string {
  const head = `variable "vpc_id" { type = string }
variable "subnet_ids" { type = list(string) }
variable "route_table_ids" { type = list(string) }
variable "region" { type = string }

locals {
  name = "app-${index}"
}

resource "aws_vpc_endpoint" "interface" {
  for_each = toset(["ecr.api", "ecr.dkr", "logs"])

  vpc_id              = var.vpc_id
  service_name        = "com.amazonaws.\${var.region}.\${each.value}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = var.subnet_ids
  security_group_ids  = [aws_security_group.endpoints.id]
  private_dns_enabled = true
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = var.vpc_id
  service_name      = "com.amazonaws.\${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = var.route_table_ids
}

resource "aws_security_group" "endpoints" {
  name   = "\${local.name}-endpoints"
  vpc_id = var.vpc_id

  ingress {
    from_port       = 443
    to_port         = 443
    protocol        = "tcp"
    security_groups = [aws_security_group.tasks.id]
  }
}

resource "aws_security_group" "tasks" {
  name   = "\${local.name}-tasks"
  vpc_id = var.vpc_id

  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_iam_role" "execution" {
  name = "\${local.name}-execution"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_ecs_task_definition" "app" {
  family                   = local.name
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = "256"
  memory                   = "512"
  execution_role_arn       = aws_iam_role.execution.arn
  container_definitions = jsonencode([{
    name  = "app"
    image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app-${index}:1.0.0"
    logConfiguration = { logDriver = "awslogs", options = { awslogs-group = "/ecs/app-${index}", awslogs-region = var.region, awslogs-stream-prefix = "app" } }
  }])
}

resource "aws_ecs_service" "app" {
  name            = local.name
  task_definition = aws_ecs_task_definition.app.arn
  launch_type     = "FARGATE"

  network_configuration {
    subnets         = var.subnet_ids
    security_groups = [aws_security_group.tasks.id]
  }
}
`;
  const parts = [head];
  let size = head.length;
  for (let i = 0; size < targetBytes; i++) {
    const extra = `
resource "aws_security_group" "extra_${i}" {
  name        = "\${local.name}-extra-${i}"
  description = "Padding group ${i} for the benchmark"
  vpc_id      = var.vpc_id

  ingress {
    from_port   = ${1000 + (i % 5000)}
    to_port     = ${1000 + (i % 5000)}
    protocol    = "tcp"
    cidr_blocks = ["10.${i % 250}.0.0/16"]
  }

  tags = {
    Name  = "extra-${i}"
    Index = ${i}
  }
}
`;
    parts.push(extra);
    size += extra.length;
  }
  return parts.join('');
}

const NETWORK = `variable "cidr" { type = string }

resource "aws_vpc" "main" {
  cidr_block           = var.cidr
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_subnet" "private" {
  count      = 3
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet(var.cidr, 8, count.index)
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table_association" "private" {
  count          = 3
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

output "vpc_id" { value = aws_vpc.main.id }
output "subnet_ids" { value = aws_subnet.private[*].id }
output "route_table_ids" { value = [aws_route_table.private.id] }
`;

function generateTree(dir: string, modules: number, megabytes: number): { bytes: number; modules: number } {
  fs.rmSync(dir, { recursive: true, force: true });
  const perRoot = 4; // a root, a network module and three app modules: 5 module folders per root
  const roots = Math.ceil(modules / (perRoot + 1));
  const appModules = roots * (perRoot - 1);
  const perApp = Math.ceil((megabytes * 1024 * 1024) / appModules);
  let bytes = 0;
  let count = 0;
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
  };
  for (let r = 0; r < roots; r++) {
    const root = path.join(dir, `env-${r}`);
    let main = '';
    write(path.join(root, 'modules', 'network', 'main.tf'), NETWORK);
    for (let a = 0; a < perRoot - 1; a++) {
      // Each application gets its own VPC: one private-DNS endpoint per service per VPC, as AWS allows.
      write(path.join(root, 'modules', `app-${a}`, 'main.tf'), appModule(r * 10 + a, perApp));
      main += `module "network_${a}" {\n  source = "./modules/network"\n  cidr   = "10.${(r * 3 + a) % 250}.0.0/16"\n}\n\n`;
      main += `module "app_${a}" {\n  source          = "./modules/app-${a}"\n  vpc_id          = module.network_${a}.vpc_id\n  subnet_ids      = module.network_${a}.subnet_ids\n  route_table_ids = module.network_${a}.route_table_ids\n  region          = "eu-west-1"\n}\n\n`;
    }
    write(path.join(root, 'main.tf'), main);
    count += perRoot + 1;
  }
  return { bytes, modules: count };
}

/** `private-ecr check` of the tree in fresh processes: wall and CPU time, peak RSS and RSS per MB of source. */
function coldCheck(dir: string, tree: { bytes: number; modules: number }, runs: number): void {
  const cliAt = process.argv.indexOf('--cli');
  const cli = cliAt >= 0 ? path.resolve(process.argv[cliAt + 1]) : path.join(repo, 'dist', 'cli.js');
  const wall: number[] = [];
  const cpu: number[] = [];
  const rss: number[] = [];
  const bare: number[] = [];
  let exit: number | null = 0;
  for (let run = 0; run < runs; run++) {
    bare.push(runNode(['-e', '0']).cpuMs);
    const cost = runNode([cli, 'check', dir, '--format', 'json']);
    if (cost.status !== 0 && cost.status !== 1) process.stderr.write(cost.stderr);
    exit = cost.status;
    wall.push(cost.wallMs);
    cpu.push(cost.cpuMs);
    rss.push(cost.maxRssMb);
  }
  const mb = tree.bytes / 1048576;
  console.log(`cold check: ${mb.toFixed(1)} MB in ${tree.modules} module folders (exit ${exit}), ${runs} fresh processes`);
  console.log(
    `  wall ${describe(wall, 'ms', 0)}; ${(mb / (median(wall) / 1000)).toFixed(1)} MB/s, ${(median(wall) / tree.modules).toFixed(1)} ms per module (medians)`,
  );
  console.log(`  CPU  ${describe(cpu, 'ms', 0)}; node -e 0: ${describe(bare, 'ms', 0)}`);
  console.log(`  peak RSS ${describe(rss, 'MB', 0)} = ${(median(rss) / mb).toFixed(1)} MB of RSS per MB of source (median)`);
}

/** The loading alone (roots, reading, parsing, module trees; no rules), in this process: the first run apart, then the steady runs. */
function loadingCost(dir: string, tree: { modules: number }, runs: number): void {
  const times: number[] = [];
  let instances = 0;
  for (let run = 0; run <= runs; run++) {
    const cache = new ParseCache();
    const reader = new DiskReader();
    const started = performance.now();
    instances = 0;
    for (const root of findRoots(dir, reader, cache)) instances += new Configuration(root, reader, cache).modules.length;
    times.push(performance.now() - started);
  }
  console.log(`loading alone, ${tree.modules} module folders (${instances} module instances), a fresh parse cache per run:`);
  console.log(
    `  first run ${times[0].toFixed(0)} ms; then ${describe(times.slice(1), 'ms', 0)}, ${((median(times.slice(1)) * 1000) / tree.modules).toFixed(0)} us per folder (median)`,
  );
}

function editorReanalysis(): void {
  const dir = path.join(repo, 'bench', '.tmp', 'editor');
  fs.rmSync(dir, { recursive: true, force: true });
  const root = path.join(dir, 'root');
  fs.mkdirSync(path.join(root, 'modules', 'network'), { recursive: true });
  fs.writeFileSync(path.join(root, 'modules', 'network', 'main.tf'), NETWORK);
  // A 5,000-line app module split over files, as people split big modules.
  const big = appModule(1, 0).split('\n');
  const padding = appModule(2, 95 * 1024)
    .split('\n')
    .slice(big.length);
  const files = ['main.tf', 'extra_a.tf', 'extra_b.tf', 'extra_c.tf'];
  const chunk = Math.ceil(padding.length / 3);
  fs.mkdirSync(path.join(root, 'modules', 'app'), { recursive: true });
  fs.writeFileSync(path.join(root, 'modules', 'app', files[0]), big.join('\n'));
  for (let i = 1; i < files.length; i++)
    fs.writeFileSync(path.join(root, 'modules', 'app', files[i]), padding.slice((i - 1) * chunk, i * chunk).join('\n') + '\n');
  fs.writeFileSync(
    path.join(root, 'main.tf'),
    `module "network" {\n  source = "./modules/network"\n  cidr   = "10.0.0.0/16"\n}\n\nmodule "app" {\n  source          = "./modules/app"\n  vpc_id          = module.network.vpc_id\n  subnet_ids      = module.network.subnet_ids\n  route_table_ids = module.network.route_table_ids\n  region          = "eu-west-1"\n}\n`,
  );
  const lines = files.reduce((n, f) => n + fs.readFileSync(path.join(root, 'modules', 'app', f), 'utf8').split('\n').length, 0);
  const cache = new ParseCache();
  const disk = new DiskReader();
  analyzeRoot(root, { reader: disk, cache });
  const edited = path.join(root, 'modules', 'app', 'extra_b.tf');
  const original = fs.readFileSync(edited, 'utf8');
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    // One keystroke: a changed description in one file of the module.
    const text = original.replace('Padding group', `Padding group ${'x'.repeat(i + 1)}`);
    const reader = new OverlayReader(disk, new Map([[edited, text]]));
    const started = performance.now();
    analyzeRoot(root, { reader, cache });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(
    `editor re-analysis of a ${lines}-line module after one file changed: median ${times[15].toFixed(1)} ms, p90 ${times[27].toFixed(1)} ms (30 runs)`,
  );
}

function main(): void {
  if (!fs.existsSync(path.join(repo, 'dist', 'cli.js'))) {
    console.error('dist/cli.js is missing: run npm run build first');
    process.exitCode = 2;
    return;
  }
  const dir = path.join(repo, 'bench', '.tmp', 'tree');
  const tree = generateTree(dir, arg('modules', 500), arg('mb', 20));
  console.log(machine());
  coldCheck(dir, tree, arg('runs', 3));
  if (!process.argv.includes('--cold-only')) loadingCost(dir, tree, arg('runs', 3));
  if (process.argv.includes('--cold-only')) return;
  editorReanalysis();
}

main();
