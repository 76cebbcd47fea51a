/** DNS checks: the VPC attributes private DNS needs, and the DHCP options resolver. */
import { amazonDnsAddress } from '../aws-semantics/cidr';
import { CheckContext, list, unknownStep } from './context';
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
    steps.push(unknownStep('vpc-dns-attributes', 'VPC DNS attributes', vpcId, vpcDns.failure));
  } else {
    const missing = [
      vpcDns.value.enableDnsSupport ? null : 'enableDnsSupport',
      vpcDns.value.enableDnsHostnames ? null : 'enableDnsHostnames',
    ].filter((name): name is string => !!name);
    steps.push(
      missing.length === 0
        ? {
            ruleId: 'vpc-dns-attributes',
            status: 'passed',
            severity: 'error',
            title: 'VPC DNS attributes',
            resource: vpcId,
            reason: `${vpcId} has DNS support and DNS hostnames on.`,
            fix: null,
          }
        : {
            ruleId: 'vpc-dns-attributes',
            status: 'failed',
            severity: 'error',
            title: 'VPC DNS attributes',
            resource: vpcId,
            reason: `${vpcId} has ${missing.join(' and ')} off; endpoint private DNS needs both on.`,
            fix: `Set ${missing.map((name) => (name === 'enableDnsSupport' ? 'enable_dns_support' : 'enable_dns_hostnames')).join(' and ')} = true on the VPC (aws_vpc's enable_dns_hostnames defaults to false).`,
          },
    );
  }
  if (!vpc.ok) {
    steps.push(unknownStep('vpc-dhcp-dns', 'DHCP options DNS', vpcId, vpc.failure, 'warning'));
    return steps;
  }
  const dhcpOptionsId = vpc.value.dhcpOptionsId;
  if (!dhcpOptionsId || dhcpOptionsId === 'default') {
    steps.push({
      ruleId: 'vpc-dhcp-dns',
      status: 'passed',
      severity: 'warning',
      title: 'DHCP options DNS',
      resource: vpcId,
      reason: `${vpcId} has no DHCP options set: tasks use AmazonProvidedDNS.`,
      fix: null,
    });
    return steps;
  }
  const options = await settle(context.reader.describeDhcpOptions(dhcpOptionsId), 'DescribeDhcpOptions');
  if (!options.ok) {
    steps.push(unknownStep('vpc-dhcp-dns', 'DHCP options DNS', dhcpOptionsId, options.failure, 'warning'));
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
      ? {
          ruleId: 'vpc-dhcp-dns',
          status: 'passed',
          severity: 'warning',
          title: 'DHCP options DNS',
          resource: dhcpOptionsId,
          reason: `${dhcpOptionsId} gives tasks ${list(servers.length ? servers : ['AmazonProvidedDNS'])}.`,
          fix: null,
        }
      : {
          ruleId: 'vpc-dhcp-dns',
          status: 'failed',
          severity: 'warning',
          title: 'DHCP options DNS',
          resource: dhcpOptionsId,
          reason: `${dhcpOptionsId} makes tasks resolve through ${list(servers)}, not AmazonProvidedDNS; endpoint private DNS names only resolve if those servers forward to the VPC resolver.`,
          fix: `Add AmazonProvidedDNS to domain_name_servers of ${dhcpOptionsId}, or make ${list(servers)} forward AWS names to the VPC resolver (${[...amazonAddresses].join(' or ')}).`,
        },
  );
  return steps;
}
