/**
 * vpc-dhcp-dns: endpoint private DNS names exist only in the Route 53 Resolver (AmazonProvidedDNS).
 * A DHCP option set with other name servers works only if those servers forward to it.
 */
import type { BodyView, SourceLocation } from '../model/body';
import type { ResourceInstance } from '../model/config';
import { amazonDnsAddress } from '../aws-semantics/cidr';
import { asBool, asList, asString, type Value } from '../model/values';
import { describe, privateWorkloads, workloadVpc } from './helpers';
import { describeValue, nameValue } from './undecided';
import { defineRule, type RuleContext } from './types';

/** The addresses that are the Amazon resolver for a VPC: its CIDR base + 2, and 169.254.169.253. */
function amazonResolverAddresses(vpc: ResourceInstance): Set<string> {
  const out = new Set(['169.254.169.253']);
  const cidr = asString(vpc.attr('cidr_block'));
  const resolver = cidr ? amazonDnsAddress(cidr) : null;
  if (resolver) out.add(resolver);
  return out;
}

/** Whether the servers leave out the Amazon resolver: `maybe` when some server is not known and no known one is it. */
function lacksAmazonDns(value: Value, amazonAddresses: Set<string>): 'yes' | 'no' | 'maybe' {
  if (value.kind === 'null') return 'no';
  const items = asList(value);
  if (!items) return 'maybe';
  if (items.length === 0) return 'no';
  const names = items.map(asString);
  if (names.some((n) => n !== undefined && (n.toLowerCase() === 'amazonprovideddns' || amazonAddresses.has(n)))) return 'no';
  return names.some((n) => n === undefined) ? 'maybe' : 'yes';
}

/** Known name servers as the message lists them: `"10.0.0.53", "10.0.1.53"`. */
function quotedServers(servers: Value): string {
  return (asList(servers) ?? []).map((s) => `"${asString(s)}"`).join(', ');
}

/** The name servers as written, with the first one that is not known: `[var.dns_server] (variable "dns_server" has no value ...)`. */
function serversText(context: RuleContext, servers: Value, named: { view: BodyView; attribute: string } | undefined): string {
  const unknownItem = asList(servers)?.find((s) => asString(s) === undefined) ?? servers;
  return named ? nameValue(context, named.view, named.attribute, unknownItem) : describeValue(unknownItem);
}

/** The rule. */
export const vpcDhcpDns = defineRule({
  meta: {
    id: 'vpc-dhcp-dns',
    title: 'Tasks resolve through AmazonProvidedDNS',
    description:
      'Private DNS names of interface endpoints are answered by the Route 53 Resolver (AmazonProvidedDNS). A DHCP option set with custom name servers must forward to it, or tasks resolve ECR to public addresses they cannot reach.',
    defaultSeverity: 'warning',
    fixable: false,
    messages: {
      customServers:
        '{{vpc}} does not use AmazonProvidedDNS. ' +
        'The DHCP option set {{options}} gives {{vpc}}, where {{service}} runs without NAT, name servers {{servers}} without "AmazonProvidedDNS": endpoint private DNS names (ECR, S3, logs) only resolve through the Route 53 Resolver. Make sure these servers forward to it (the VPC CIDR base + 2, or a Route 53 Resolver endpoint), or add "AmazonProvidedDNS"; otherwise pulls fail with "dial tcp <public ip>:443: i/o timeout".',
      undecided:
        'Name servers of {{vpc}} not decided. ' +
        'Whether the DHCP option set {{options}} of {{vpc}}, where {{service}} runs without NAT, gives "AmazonProvidedDNS" is not known here: the name servers are {{servers}}. Endpoint private DNS names only resolve through the Route 53 Resolver; run "Private ECR: Verify Private ECR Access" against the live VPC.',
    },
  },
  check(context) {
    const seen = new Set<ResourceInstance>();
    const associations = context.configuration.resourcesOfType('aws_vpc_dhcp_options_association');
    for (const workload of privateWorkloads(context)) {
      const vpc = workloadVpc(context, workload);
      if (!vpc || seen.has(vpc)) continue;
      seen.add(vpc);
      const findings: Array<{
        options: string;
        servers: Value;
        location: SourceLocation;
        resource: ResourceInstance;
        named?: { view: BodyView; attribute: string };
        /** Set when the association or the option set may not exist: the count or for_each that decides it. */
        existence?: { resource: ResourceInstance; attribute: string };
      }> = [];
      if (vpc.synthesized && vpc.module.kind === 'registry-vpc') {
        // terraform-aws-modules/vpc: enable_dhcp_options with dhcp_options_domain_name_servers (default ["AmazonProvidedDNS"]).
        const module = vpc.module;
        const argument = module.argument('dhcp_options_domain_name_servers');
        if (asBool(module.variableValue('enable_dhcp_options')) === true && argument && module.call) {
          findings.push({
            options: `of ${module.path}`,
            servers: module.variableValue('dhcp_options_domain_name_servers'),
            location: { file: module.call.file, range: argument.expr.range },
            resource: vpc,
          });
        }
      }
      for (const association of associations) {
        const target = association.attr('vpc_id');
        if (target.kind !== 'ref' || target.target !== vpc) continue;
        const optionsId = association.attr('dhcp_options_id');
        const options =
          optionsId.kind === 'ref' && optionsId.target.type === 'aws_vpc_dhcp_options' && optionsId.target.mode === 'managed'
            ? optionsId.target
            : undefined;
        if (!options) continue;
        // An association or option set whose count or for_each is not known may or may not apply: with
        // servers that lack the Amazon resolver, that is undecided, said at the count that decides it.
        const uncertain = [association, options].find((r) => !r.certain);
        const expansion = uncertain && ['count', 'for_each'].find((name) => uncertain.has(name));
        if (uncertain && !expansion) continue;
        findings.push({
          options: options.fullAddress,
          servers: options.attr('domain_name_servers'),
          location: uncertain && expansion ? uncertain.valueLocation(expansion) : options.valueLocation('domain_name_servers'),
          resource: uncertain ?? options,
          named: { view: options, attribute: 'domain_name_servers' },
          existence: uncertain && expansion ? { resource: uncertain, attribute: expansion } : undefined,
        });
      }
      for (const finding of findings) {
        const lacks = lacksAmazonDns(finding.servers, amazonResolverAddresses(vpc));
        const existence = lacks !== 'no' ? finding.existence : undefined;
        if (existence || lacks === 'maybe') {
          const written = lacks === 'yes' ? quotedServers(finding.servers) : serversText(context, finding.servers, finding.named);
          const servers = existence
            ? `${written}, but whether ${existence.resource.fullAddress} exists is not known: its ${existence.attribute} is ${nameValue(context, existence.resource, existence.attribute)}`
            : written;
          context.report({
            messageId: 'undecided',
            severity: 'info',
            data: { options: finding.options, vpc: vpc.fullAddress, service: describe(workload.service), servers },
            location: finding.location,
            resource: finding.resource,
            related: [{ location: workload.service.location, message: `${describe(workload.service)} runs in it without NAT` }],
          });
          continue;
        }
        if (lacks !== 'yes') continue;
        context.report({
          messageId: 'customServers',
          data: {
            options: finding.options,
            vpc: vpc.fullAddress,
            service: describe(workload.service),
            servers: quotedServers(finding.servers),
          },
          location: finding.location,
          resource: finding.resource,
          related: [
            { location: vpc.location, message: `VPC of the tasks: ${vpc.fullAddress}` },
            { location: workload.service.location, message: `${describe(workload.service)} runs in it without NAT` },
          ],
        });
      }
    }
  },
});
