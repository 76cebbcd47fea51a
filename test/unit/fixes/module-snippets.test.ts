import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzePaths } from '../../../src/core/analyze';
import { moduleWiring, renderTemplateForModule } from '../../../src/core/fixes/module-snippets';
import { renderTemplate, TEMPLATE_IDS } from '../../../src/core/fixes/templates';
import { Configuration } from '../../../src/core/model/config';
import { ParseCache } from '../../../src/core/model/loader';
import { DiskReader } from '../../../src/core/model/source';
import { terraformAvailable, terraformFmt } from '../templates/terraform-tools';
import { PARTIAL_MODULE } from '../support/partial-module';
import { removeTree, writeTree } from '../support/temp-module';

function withModule<T>(text: string, run: (dir: string, configuration: Configuration) => T): T {
  const dir = writeTree({ 'main.tf': text });
  try {
    return run(dir, new Configuration(path.resolve(dir), new DiskReader(), new ParseCache()));
  } finally {
    removeTree(dir);
  }
}

/** Every `resource "type" "name"` address in a text, with repeats. */
function declaredAddresses(text: string): string[] {
  return [...text.matchAll(/^resource "([^"]+)" "([^"]+)"/gm)].map((m) => `${m[1]}.${m[2]}`);
}

describe('templates rendered for a module (snippet completion)', () => {
  it('in an empty module, are exactly the static snippets\u2019 texts', () => {
    withModule('', (_dir, configuration) => {
      for (const id of TEMPLATE_IDS) assert.equal(renderTemplateForModule(id, configuration.root).text, renderTemplate(id), id);
    });
  });

  it('read the module\u2019s wiring: VPC, subnets, groups, route table, cluster and region expression', () => {
    withModule(PARTIAL_MODULE, (_dir, configuration) => {
      assert.deepEqual(moduleWiring(configuration.root), {
        vpc_id: 'aws_vpc.core.id',
        subnet_ids: 'aws_subnet.app[*].id',
        security_group_ids: '[aws_security_group.endpoints.id]',
        task_security_group_ids: '[aws_security_group.tasks.id]',
        cluster_id: 'aws_ecs_cluster.core.id',
        route_table_ids: '[aws_route_table.app.id]',
        route_table_id: 'aws_route_table.app.id',
        image: '"${aws_ecr_repository.orders.repository_url}:latest"',
        endpoint_security_group_id: 'aws_security_group.endpoints.id',
        task_security_group_id: 'aws_security_group.tasks.id',
        region: 'var.aws_region',
      });
    });
  });

  it('never declare an address the module has, for any template', () => {
    withModule(PARTIAL_MODULE, (_dir, configuration) => {
      const taken = new Set(declaredAddresses(PARTIAL_MODULE));
      for (const id of TEMPLATE_IDS) {
        const snippet = renderTemplateForModule(id, configuration.root);
        const declared = declaredAddresses(snippet.text);
        assert.deepEqual(declared, snippet.addresses, id);
        assert.equal(new Set(declared).size, declared.length, `${id} declares an address twice`);
        for (const address of declared) assert.ok(!taken.has(address), `${id} declares ${address}, which the module has`);
      }
    });
  });

  it('name a second ECR API endpoint ecr_api_2 and say which resource already serves ecr.api', () => {
    withModule(PARTIAL_MODULE, (_dir, configuration) => {
      const snippet = renderTemplateForModule('ecr-api-endpoint', configuration.root);
      assert.deepEqual(snippet.addresses, ['aws_vpc_endpoint.ecr_api_2']);
      assert.deepEqual(snippet.equivalents, ['aws_vpc_endpoint.ecr_api']);
      assert.match(snippet.text, /service_name {8}= "com\.amazonaws\.\$\{var\.aws_region\}\.ecr\.api"/);
      assert.match(snippet.text, /security_group_ids {2}= \[aws_security_group\.endpoints\.id\]/);
    });
  });

  it('leave out of the full set what the module has, and point the rest at it', () => {
    withModule(PARTIAL_MODULE, (_dir, configuration) => {
      const snippet = renderTemplateForModule('private-ecr-full-set', configuration.root);
      assert.deepEqual(snippet.reused, [
        { id: 'ecr-api-endpoint', address: 'aws_vpc_endpoint.ecr_api' },
        { id: 'endpoint-security-group', address: 'aws_security_group.endpoints' },
        { id: 'task-security-group', address: 'aws_security_group.tasks' },
      ]);
      assert.doesNotMatch(snippet.text, /aws_security_group\.(vpc_endpoint|ecs_task)\b/);
      assert.match(snippet.text, /referenced_security_group_id = aws_security_group\.tasks\.id/);
      assert.match(snippet.text, /cluster {9}= aws_ecs_cluster\.core\.id/);
    });
  });

  it('drop into the module without syntax or duplicate findings, the full set passing the checker', () => {
    withModule(PARTIAL_MODULE, (_dir, configuration) => {
      const text = renderTemplateForModule('private-ecr-full-set', configuration.root).text;
      const target = writeTree({ 'main.tf': PARTIAL_MODULE, 'private_ecr.tf': text });
      try {
        const findings = analyzePaths([target]).findings.filter((f) => f.severity === 'error');
        assert.deepEqual(
          findings.map((f) => `${f.ruleId}: ${f.message}`),
          [],
        );
      } finally {
        removeTree(target);
      }
    });
  });

  it('are terraform fmt clean with the module\u2019s values', function () {
    if (!terraformAvailable()) this.skip();
    withModule(PARTIAL_MODULE, (_dir, configuration) => {
      for (const id of TEMPLATE_IDS) {
        const text = renderTemplateForModule(id, configuration.root).text;
        assert.equal(terraformFmt(text), text, id);
      }
    });
  });
});
