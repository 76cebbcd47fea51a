/** DNS checks: the VPC attributes private DNS needs, and the DHCP options resolver. */
import { amazonDnsAddress } from '../aws-semantics/cidr';
import { ljoin, lt } from '../l10n/live-messages';
import { CheckContext, idList, liveStep, unknownStep } from './context';
import type { CheckStep } from './result';
import { settle, Settled } from './settled';

/** vpc-dns-attributes and vpc-dhcp-dns. */
export async function dnsChecks(
  context: CheckContext,
  vpcDns: Settled<{ enableDnsSupport: boolean; enableDnsHostnames: boolean }>,
  vpc: Settled<{ cidrBlocks: string[]; dhcpOptionsId: string | null }>,
): Promise<CheckStep[]> {
  const vpcId = context.target.vpcId;
  const steps: CheckStep[] = [];
  if (!vpcDns.ok) {
    steps.push(unknownStep('vpc-dns-attributes', lt('title.vpcDns'), vpcId, vpcDns.failure));
  } else {
    const missing = [
      vpcDns.value.enableDnsSupport ? null : 'enableDnsSupport',
      vpcDns.value.enableDnsHostnames ? null : 'enableDnsHostnames',
    ].filter((name): name is string => !!name);
    steps.push(
      missing.length === 0
        ? liveStep({
            ruleId: 'vpc-dns-attributes',
            status: 'passed',
            severity: 'error',
            title: lt('title.vpcDns'),
            resource: vpcId,
            reason: lt('dns.attributesOn', { vpc: vpcId }),
            fix: null,
          })
        : liveStep({
            ruleId: 'vpc-dns-attributes',
            status: 'failed',
            severity: 'error',
            title: lt('title.vpcDns'),
            resource: vpcId,
            reason: lt('dns.attributesOff', { vpc: vpcId, attributes: ljoin(missing, ' and ') }),
            fix: lt('dns.attributesFix', {
              attributes: ljoin(
                missing.map((name) => (name === 'enableDnsSupport' ? 'enable_dns_support' : 'enable_dns_hostnames')),
                ' and ',
              ),
            }),
          }),
    );
  }
  if (!vpc.ok) {
    steps.push(unknownStep('vpc-dhcp-dns', lt('title.dhcpDns'), vpcId, vpc.failure, 'warning'));
    return steps;
  }
  const dhcpOptionsId = vpc.value.dhcpOptionsId;
  if (!dhcpOptionsId || dhcpOptionsId === 'default') {
    steps.push(
      liveStep({
        ruleId: 'vpc-dhcp-dns',
        status: 'passed',
        severity: 'warning',
        title: lt('title.dhcpDns'),
        resource: vpcId,
        reason: lt('dns.noDhcpOptions', { vpc: vpcId }),
        fix: null,
      }),
    );
    return steps;
  }
  const options = await settle(context.reader.describeDhcpOptions(dhcpOptionsId), 'DescribeDhcpOptions');
  if (!options.ok) {
    steps.push(unknownStep('vpc-dhcp-dns', lt('title.dhcpDns'), dhcpOptionsId, options.failure, 'warning'));
    return steps;
  }
  const servers = options.value.domainNameServers;
  const amazonAddresses = new Set([
    '169.254.169.253',
    ...vpc.value.cidrBlocks.map(amazonDnsAddress).filter((address): address is string => !!address),
  ]);
  const usesAmazon = servers.length === 0 || servers.some((server) => server === 'AmazonProvidedDNS' || amazonAddresses.has(server));
  steps.push(
    usesAmazon
      ? liveStep({
          ruleId: 'vpc-dhcp-dns',
          status: 'passed',
          severity: 'warning',
          title: lt('title.dhcpDns'),
          resource: dhcpOptionsId,
          reason: lt('dns.dhcpAmazon', { options: dhcpOptionsId, servers: idList(servers.length ? servers : ['AmazonProvidedDNS']) }),
          fix: null,
        })
      : liveStep({
          ruleId: 'vpc-dhcp-dns',
          status: 'failed',
          severity: 'warning',
          title: lt('title.dhcpDns'),
          resource: dhcpOptionsId,
          reason: lt('dns.dhcpOther', { options: dhcpOptionsId, servers: idList(servers) }),
          fix: lt('dns.dhcpFix', { options: dhcpOptionsId, servers: idList(servers), resolvers: [...amazonAddresses].join(' or ') }),
        }),
  );
  return steps;
}
