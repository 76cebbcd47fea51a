import * as assert from 'node:assert/strict';
import { amazonDnsAddress, isRangeCoveredBy, parseIpv4Cidr } from '../../../src/core/aws-semantics/cidr';
import { classifyImage, ecrRepositoryArn } from '../../../src/core/aws-semantics/images';
import { EPHEMERAL_PORTS, evaluateNetworkAcl, HTTPS_PORT } from '../../../src/core/aws-semantics/networkAcls';
import {
  evaluatePolicies,
  isFullAccessPolicy,
  parsePolicyDocument,
  trustsServicePrincipal,
  wildcardMatches,
} from '../../../src/core/aws-semantics/policy';
import { evaluateSecurityGroups } from '../../../src/core/live/securityGroups';
import type { NetworkAclEntryInfo, NetworkAclInfo } from '../../../src/core/aws-semantics/networkAcls';
import type { SecurityGroupInfo } from '../../../src/core/live/types';

function range(cidr: string) {
  const parsed = parseIpv4Cidr(cidr);
  assert.ok(parsed, cidr);
  return parsed;
}

describe('live evaluators', () => {
  describe('CIDR arithmetic', () => {
    it('parses CIDRs, normalises host bits, and rejects IPv6 and nonsense', () => {
      assert.deepEqual(range('10.0.1.7/24'), { first: 0x0a000100, last: 0x0a0001ff });
      assert.deepEqual(range('0.0.0.0/0'), { first: 0, last: 0xffffffff });
      assert.deepEqual(range('192.168.0.1'), { first: 0xc0a80001, last: 0xc0a80001 });
      assert.equal(parseIpv4Cidr('2001:db8::/32'), null);
      assert.equal(parseIpv4Cidr('10.0.0.256/24'), null);
      assert.equal(parseIpv4Cidr('10.0.0.0/33'), null);
    });

    it('decides coverage by a union of ranges', () => {
      assert.ok(isRangeCoveredBy(range('10.0.0.0/23'), [range('10.0.1.0/24'), range('10.0.0.0/24')]));
      assert.ok(!isRangeCoveredBy(range('10.0.0.0/22'), [range('10.0.1.0/24'), range('10.0.0.0/24')]));
      assert.ok(isRangeCoveredBy(range('10.0.3.0/24'), [range('10.0.0.0/16')]));
      assert.ok(!isRangeCoveredBy(range('10.0.3.0/24'), []));
    });

    it('finds the VPC resolver address (base + 2)', () => {
      assert.equal(amazonDnsAddress('10.0.0.0/16'), '10.0.0.2');
      assert.equal(amazonDnsAddress('172.31.16.0/20'), '172.31.16.2');
    });
  });

  describe('network ACLs', () => {
    const entry = (
      ruleNumber: number,
      egress: boolean,
      action: 'allow' | 'deny',
      cidr: string,
      fromPort: number | null,
      toPort: number | null,
      protocol = '6',
    ): NetworkAclEntryInfo => ({
      ruleNumber,
      egress,
      protocol,
      action,
      cidr,
      ipv6Cidr: null,
      fromPort,
      toPort,
    });
    const acl = (entries: NetworkAclEntryInfo[]): NetworkAclInfo => ({
      networkAclId: 'acl-1',
      vpcId: 'vpc-1',
      isDefault: false,
      subnetIds: [],
      entries,
    });

    it('denies what no rule allows (the implicit deny)', () => {
      const verdict = evaluateNetworkAcl(
        acl([entry(100, false, 'allow', '10.0.0.0/16', 443, 443)]),
        'ingress',
        [range('10.0.2.0/24')],
        EPHEMERAL_PORTS,
      );
      assert.equal(verdict.allowed, false);
      assert.equal(verdict.denyingRuleNumber, null);
    });

    it('lets the lowest rule number decide, whatever the listing order', () => {
      const entries = [entry(200, false, 'allow', '0.0.0.0/0', 0, 65535), entry(100, false, 'deny', '10.0.2.128/25', 1024, 2000)];
      const verdict = evaluateNetworkAcl(acl(entries), 'ingress', [range('10.0.2.0/24')], EPHEMERAL_PORTS);
      assert.equal(verdict.allowed, false);
      assert.equal(verdict.denyingRuleNumber, 100);
      assert.equal(verdict.deniedSample, '10.0.2.128-10.0.2.255 port 1024-2000');
      assert.ok(evaluateNetworkAcl(acl(entries), 'ingress', [range('10.0.2.0/25')], EPHEMERAL_PORTS).allowed);
    });

    it('adds up allow rules that each cover part of the ports or addresses', () => {
      const split = [
        entry(100, true, 'allow', '10.0.0.0/17', 1024, 30000),
        entry(110, true, 'allow', '10.0.0.0/17', 30001, 65535),
        entry(120, true, 'allow', '10.0.128.0/17', 0, 65535),
      ];
      assert.ok(evaluateNetworkAcl(acl(split), 'egress', [range('10.0.0.0/16')], EPHEMERAL_PORTS).allowed);
      assert.ok(!evaluateNetworkAcl(acl(split.slice(1)), 'egress', [range('10.0.0.0/16')], EPHEMERAL_PORTS).allowed);
    });

    it('treats protocol -1 as all ports, ignores other protocols and the other direction', () => {
      assert.ok(
        evaluateNetworkAcl(acl([entry(100, true, 'allow', '0.0.0.0/0', null, null, '-1')]), 'egress', [range('52.216.0.0/15')], HTTPS_PORT)
          .allowed,
      );
      assert.ok(
        !evaluateNetworkAcl(acl([entry(100, true, 'allow', '0.0.0.0/0', 443, 443, '17')]), 'egress', [range('52.216.0.0/15')], HTTPS_PORT)
          .allowed,
      );
      assert.ok(
        !evaluateNetworkAcl(acl([entry(100, false, 'allow', '0.0.0.0/0', 443, 443)]), 'egress', [range('52.216.0.0/15')], HTTPS_PORT)
          .allowed,
      );
    });
  });

  describe('security groups', () => {
    const group = (
      groupId: string,
      ingress: SecurityGroupInfo['ingress'],
      egress: SecurityGroupInfo['egress'] = [],
    ): SecurityGroupInfo => ({ groupId, groupName: groupId, vpcId: 'vpc-1', ingress, egress });
    const rule = (
      protocol: string,
      fromPort: number | null,
      toPort: number | null,
      sources: { cidrs?: string[]; groupIds?: string[]; prefixListIds?: string[] },
    ) => ({
      protocol,
      fromPort,
      toPort,
      cidrs: sources.cidrs ?? [],
      groupIds: sources.groupIds ?? [],
      prefixListIds: sources.prefixListIds ?? [],
    });
    const tasks = { groupIds: ['sg-task'], ranges: [range('10.0.1.0/24'), range('10.0.2.0/24')] };

    it('matches a rule naming one of the peer groups, for TCP 443 or all traffic', () => {
      assert.ok(evaluateSecurityGroups([group('sg-e', [rule('tcp', 443, 443, { groupIds: ['sg-task'] })])], 'ingress', 443, tasks).allowed);
      assert.ok(
        evaluateSecurityGroups([group('sg-e', [rule('-1', null, null, { groupIds: ['sg-task'] })])], 'ingress', 443, tasks).allowed,
      );
      assert.ok(evaluateSecurityGroups([group('sg-e', [rule('6', 0, 1000, { groupIds: ['sg-task'] })])], 'ingress', 443, tasks).allowed);
      assert.ok(!evaluateSecurityGroups([group('sg-e', [rule('tcp', 80, 80, { groupIds: ['sg-task'] })])], 'ingress', 443, tasks).allowed);
      assert.ok(
        !evaluateSecurityGroups([group('sg-e', [rule('udp', 443, 443, { groupIds: ['sg-task'] })])], 'ingress', 443, tasks).allowed,
      );
    });

    it('needs CIDRs that cover every peer subnet, possibly from several rules and groups', () => {
      const half = group('sg-a', [rule('tcp', 443, 443, { cidrs: ['10.0.1.0/24'] })]);
      const otherHalf = group('sg-b', [rule('tcp', 443, 443, { cidrs: ['10.0.2.0/24'] })]);
      assert.ok(!evaluateSecurityGroups([half], 'ingress', 443, tasks).allowed);
      assert.ok(evaluateSecurityGroups([half, otherHalf], 'ingress', 443, tasks).allowed);
    });

    it('matches the peer prefix list, and asks for customer prefix lists it cannot see into', () => {
      const viaPrefixList = group('sg-t', [], [rule('tcp', 443, 443, { prefixListIds: ['pl-s3'] })]);
      assert.ok(
        evaluateSecurityGroups([viaPrefixList], 'egress', 443, { groupIds: [], ranges: [range('0.0.0.0/0')], prefixListId: 'pl-s3' })
          .allowed,
      );
      const customer = group('sg-e', [rule('tcp', 443, 443, { prefixListIds: ['pl-corp'] })]);
      const verdict = evaluateSecurityGroups([customer], 'ingress', 443, tasks);
      assert.deepEqual(verdict.needsPrefixLists, ['pl-corp']);
      assert.ok(evaluateSecurityGroups([customer], 'ingress', 443, tasks, new Map([['pl-corp', ['10.0.0.0/16']]])).allowed);
    });
  });

  describe('IAM policies', () => {
    it('matches actions case-insensitively and ARNs case-sensitively, with * and ?', () => {
      assert.ok(wildcardMatches('ecr:Batch*', 'ECR:BatchGetImage', true));
      assert.ok(wildcardMatches('arn:aws:ecr:*:123456789012:repository/we?', 'arn:aws:ecr:ap-northeast-1:123456789012:repository/web'));
      assert.ok(!wildcardMatches('arn:aws:ecr:*:*:repository/Web', 'arn:aws:ecr:ap-northeast-1:1:repository/web'));
    });

    it('parses documents given as objects, JSON or URL-encoded JSON', () => {
      const document = { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
      assert.deepEqual(parsePolicyDocument(document), document);
      assert.deepEqual(parsePolicyDocument(JSON.stringify(document)), document);
      assert.deepEqual(parsePolicyDocument(encodeURIComponent(JSON.stringify(document))), document);
      assert.equal(parsePolicyDocument('%E0%A4%A'), null);
      assert.equal(parsePolicyDocument('[1]'), null);
    });

    it('lets an explicit Deny beat any Allow, and NotAction exclude actions', () => {
      const allowAll = { label: 'a', document: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } };
      const denyEcr = {
        label: 'd',
        document: { Statement: { Effect: 'Deny', NotAction: 'ecr:GetAuthorizationToken', Resource: 'arn:aws:ecr:*' } },
      };
      assert.equal(
        evaluatePolicies([allowAll, denyEcr], { action: 'ecr:BatchGetImage', resource: 'arn:aws:ecr:r:1:repository/x' }).decision,
        'explicit-deny',
      );
      assert.equal(
        evaluatePolicies([allowAll, denyEcr], { action: 'ecr:GetAuthorizationToken', resource: 'arn:aws:ecr:r:1:repository/x' }).decision,
        'allow',
      );
      assert.equal(evaluatePolicies([denyEcr], { action: 's3:GetObject', resource: '*' }).decision, 'implicit-deny');
    });

    it('evaluates conditions on known keys, treats absent keys as IAM does, and leaves unknown keys undecided', () => {
      const conditioned = (condition: unknown) => [
        { label: 'p', document: { Statement: [{ Effect: 'Allow', Action: 'ecr:*', Resource: '*', Condition: condition }] } },
      ];
      const present = { action: 'ecr:BatchGetImage', resource: '*', context: { 'aws:sourcevpce': 'vpce-1' } };
      const absent = { action: 'ecr:GetAuthorizationToken', resource: '*', context: { 'aws:sourcevpce': null } };
      assert.equal(evaluatePolicies(conditioned({ StringEquals: { 'aws:SourceVpce': 'vpce-1' } }), present).decision, 'allow');
      assert.equal(evaluatePolicies(conditioned({ StringEquals: { 'aws:SourceVpce': 'vpce-2' } }), present).decision, 'implicit-deny');
      assert.equal(evaluatePolicies(conditioned({ StringEquals: { 'aws:SourceVpce': 'vpce-1' } }), absent).decision, 'implicit-deny');
      assert.equal(evaluatePolicies(conditioned({ StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } }), absent).decision, 'allow');
      assert.equal(evaluatePolicies(conditioned({ StringNotEquals: { 'aws:SourceVpce': 'vpce-9' } }), absent).decision, 'allow');
      assert.equal(evaluatePolicies(conditioned({ Null: { 'aws:SourceVpce': 'true' } }), absent).decision, 'allow');
      const unknown = evaluatePolicies(conditioned({ StringEquals: { 'aws:PrincipalTag/team': 'a' } }), present);
      assert.equal(unknown.decision, 'indeterminate');
      assert.deepEqual(unknown.unknownConditionKeys, ['aws:PrincipalTag/team']);
    });

    it('matches principals of resource policies against the role and its account', () => {
      const policy = (principal: unknown) => [
        { label: 'endpoint', document: { Statement: [{ Effect: 'Allow', Principal: principal, Action: '*', Resource: '*' }] } },
      ];
      const request = {
        action: 'ecr:BatchGetImage',
        resource: '*',
        principalArn: 'arn:aws:iam::111122223333:role/exec',
        principalAccount: '111122223333',
      };
      assert.equal(evaluatePolicies(policy('*'), request, { resourcePolicy: true }).decision, 'allow');
      assert.equal(evaluatePolicies(policy({ AWS: '111122223333' }), request, { resourcePolicy: true }).decision, 'allow');
      assert.equal(
        evaluatePolicies(policy({ AWS: ['arn:aws:iam::111122223333:role/exec'] }), request, { resourcePolicy: true }).decision,
        'allow',
      );
      assert.equal(
        evaluatePolicies(policy({ AWS: 'arn:aws:iam::999999999999:root' }), request, { resourcePolicy: true }).decision,
        'implicit-deny',
      );
      assert.equal(
        evaluatePolicies(policy({ AWS: '111122223333' }), { action: 'x:y', resource: '*' }, { resourcePolicy: true }).decision,
        'indeterminate',
      );
    });

    it('recognises the ecs-tasks trust and the default full-access endpoint policy', () => {
      assert.ok(
        trustsServicePrincipal(
          {
            Statement: [
              { Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com', 'ecs-tasks.amazonaws.com'] }, Action: 'sts:AssumeRole' },
            ],
          },
          'ecs-tasks.amazonaws.com',
        ),
      );
      assert.ok(
        !trustsServicePrincipal(
          { Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:TagSession' }] },
          'ecs-tasks.amazonaws.com',
        ),
      );
      assert.ok(
        isFullAccessPolicy(
          '{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}',
        ),
      );
      assert.ok(!isFullAccessPolicy({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] }));
    });
  });

  describe('image references', () => {
    it('classifies ECR, ECR Public, Docker Hub and other registries', () => {
      const ecr = classifyImage('123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/team/web@sha256:abc');
      assert.equal(ecr.kind, 'ecr-private');
      assert.equal(ecr.repository, 'team/web');
      assert.equal(ecrRepositoryArn(ecr), 'arn:aws:ecr:ap-northeast-1:123456789012:repository/team/web');
      assert.equal(classifyImage('123456789012.dkr.ecr-fips.us-east-1.amazonaws.com/web:1').region, 'us-east-1');
      assert.equal(classifyImage('public.ecr.aws/nginx/nginx:1').kind, 'ecr-public');
      assert.equal(classifyImage('nginx').kind, 'docker-hub');
      assert.equal(classifyImage('library/nginx:1.27').kind, 'docker-hub');
      assert.equal(classifyImage('docker.io/library/nginx').kind, 'docker-hub');
      assert.equal(classifyImage('ghcr.io/acme/tool:2').kind, 'public-registry');
      assert.equal(classifyImage('localhost:5000/app').kind, 'other-registry');
    });
  });
});
