/**
 * Findings the checker itself raises (not rules of the catalog): files it cannot read or parse,
 * module sources it cannot follow, and networks it cannot see. They share the finding shape, so
 * they can be filtered and overridden like rules.
 */
import type { RuleMeta } from './types';

/** Metadata of the checker's own findings. */
export const CHECKER_MESSAGES = [
  {
    id: 'hcl-syntax',
    title: 'Terraform syntax error',
    description: 'The file is not valid HCL. Terraform would refuse it; the rest of the module is still checked.',
    defaultSeverity: 'error',
    fixable: false,
    messages: {},
  },
  {
    id: 'file-unreadable',
    title: 'Unreadable file',
    description:
      'A `.tf` file that is binary, not UTF-8, too large or unreadable (Terraform reads `.tf` files as UTF-8 text); or, as info, a file that `file()`, `templatefile()` and the other file functions name but the checker does not read: outside the module\u2019s and the root\u2019s folders, not a regular file, or over 4 MB.',
    defaultSeverity: 'error',
    fixable: false,
    messages: {},
  },
  {
    id: 'module-source',
    title: 'Module source cannot be followed',
    description: 'A local module `source` that points to a missing folder, or module calls that form a cycle.',
    defaultSeverity: 'error',
    fixable: false,
    messages: {},
  },
  {
    id: 'duplicate-block',
    title: 'Duplicate block address',
    description:
      'Two blocks of a module with the same address (`resource "aws_vpc" "main"` twice, a module, variable, output or local value declared twice), or an override file that overrides a block no ordinary file declares. Terraform refuses the configuration; the checker analyses the first declaration and points at both.',
    defaultSeverity: 'error',
    fixable: false,
    messages: {},
  },
  {
    id: 'module-not-installed',
    title: 'Remote module not installed',
    description:
      'A module call whose source is remote (registry, git, S3, HTTP) and whose code `terraform init` has not installed under `.terraform/modules`: its resources were not checked. Run `terraform init` (or `tofu init`) so the checker can read the installed code.',
    defaultSeverity: 'info',
    fixable: false,
    messages: {},
  },
  {
    id: 'module-not-followed',
    title: 'Module call not followed',
    description:
      'A `module` call the settings file `.private-ecr.json` says not to follow: listed in `modules.skip`, or excluded by `modules.follow` (`local` follows only calls whose source is a local path, `none` no call). Its resources were not checked and its outputs are unknown; one info finding per call says so.',
    defaultSeverity: 'info',
    fixable: false,
    messages: {},
  },
  {
    id: 'network-unmanaged',
    title: 'Network managed elsewhere or scope undecided',
    description:
      'The tasks\u2019 subnets, route tables or VPC come from data sources, remote state or variables without values, their default route leads out of the configuration (transit gateway, VPN gateway, peering), or a value that decides the scope is not known, so the static rules cannot decide whether the endpoints are in place. One info finding per workload names the value. Run "Verify Private ECR Access" (or `private-ecr verify`) against the account instead.',
    defaultSeverity: 'info',
    fixable: false,
    messages: {
      unmanaged:
        'The network of {{service}} is managed outside this configuration ({{reason}}): endpoint rules cannot decide here. Run "Private ECR: Verify Private ECR Access" against the live VPC.',
      egressLeaves:
        'The egress path of {{service}} leaves this configuration: {{reason}}. Endpoint rules do not judge it as private or as internet-connected here. Run "Private ECR: Verify Private ECR Access" against the live VPC.',
      undecided:
        'Whether {{service}} runs in private subnets cannot be decided: {{reason}}. Endpoint rules do not judge it here. Run "Private ECR: Verify Private ECR Access" against the live VPC.',
      definitionUnknown:
        'Which ECS tasks {{service}} starts cannot be decided: its definition is {{definition}}, so its tasks, and their subnets, are not known. Endpoint rules do not judge them here. Run "Private ECR: Verify Private ECR Access" against the live VPC.',
    },
  },
  {
    id: 'task-definition-unknown',
    title: 'Task definition or containers not known here',
    description:
      'The image, log, secret and execution role checks read the task definition: its container definitions and its execution role. When a private workload names a task definition this configuration does not create (a literal ARN, a variable, a data source), or a task definition\u2019s container definitions cannot be read (a variable, a value known only after apply, a file the checker does not read), those checks are not done; one info finding says so at the value. Run "Verify Private ECR Access" (or `private-ecr verify`) to check the deployed task definition.',
    defaultSeverity: 'info',
    fixable: false,
    messages: {
      notInConfiguration:
        'Task definition of {{service}} not in this configuration. ' +
        'The image, logs, secrets and execution role checks were not done for these tasks: {{reason}}. Check the root that creates the task definition, or run "Private ECR: Verify Private ECR Access" against the account.',
      containersUnknown:
        'Containers of {{taskDefinition}} not known here. ' +
        'The image, logs, secrets and execution role checks were not done for its containers: {{reason}}. Run "Private ECR: Verify Private ECR Access" against the account to check the registered task definition.',
    },
  },
] as const satisfies readonly RuleMeta[];

/** The ids of the checker’s own findings. */
export type CheckerMessageId = (typeof CHECKER_MESSAGES)[number]['id'];
