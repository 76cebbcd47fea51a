/**
 * Builds realistic Terraform text of a requested size for the parser benchmark: a network
 * module's worth of resources (VPC, subnets, endpoints, security groups with dynamic blocks,
 * IAM policy heredocs, ECS task definitions with jsonencode, for expressions, templates),
 * repeated with distinct names until the size is reached.
 */

/** One module's worth of typical Terraform; `n` makes every name unique. */
function terraformChunk(n: number): string {
  return `# ---- environment ${n} ----------------------------------------------------
locals {
  env_${n}_azs     = slice(data.aws_availability_zones.available.names, 0, 3)
  env_${n}_subnets = { for i, az in local.env_${n}_azs : az => cidrsubnet(var.vpc_cidr, 4, i + ${n % 10}) }
  env_${n}_tags = merge(var.tags, {
    Environment = "env-${n}"
    ManagedBy   = "terraform"
  })
}

resource "aws_vpc" "env_${n}" {
  cidr_block           = "10.${n % 250}.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags = {
    Name = "\${var.environment}-vpc-${n}"
  }
}

resource "aws_subnet" "env_${n}_private" {
  for_each          = local.env_${n}_subnets
  vpc_id            = aws_vpc.env_${n}.id
  cidr_block        = each.value
  availability_zone = each.key
  tags              = merge(local.env_${n}_tags, { Name = "private-\${each.key}" })
}

resource "aws_vpc_endpoint" "env_${n}_ecr_api" {
  vpc_id              = aws_vpc.env_${n}.id
  service_name        = "com.amazonaws.\${var.region}.ecr.api"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [for s in aws_subnet.env_${n}_private : s.id]
  security_group_ids  = [aws_security_group.env_${n}_endpoints.id]
  private_dns_enabled = true
}

resource "aws_vpc_endpoint" "env_${n}_s3" {
  vpc_id            = aws_vpc.env_${n}.id
  service_name      = "com.amazonaws.\${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = aws_route_table.env_${n}[*].id
}

resource "aws_security_group" "env_${n}_endpoints" {
  name        = "env-${n}-endpoints"
  description = "HTTPS from the tasks"
  vpc_id      = aws_vpc.env_${n}.id

  dynamic "ingress" {
    for_each = var.ingress_rules
    content {
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = ingress.value.cidr_blocks
    }
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"] # all outbound
  }
}

resource "aws_iam_role_policy" "env_${n}_pull" {
  name   = "ecr-pull-${n}"
  role   = aws_iam_role.execution.id
  policy = <<-POLICY
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Action": ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        "Resource": "\${aws_ecr_repository.app.arn}"
      }]
    }
  POLICY
}

resource "aws_ecs_task_definition" "env_${n}" {
  family                   = "app-${n}"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = var.cpu > 0 ? var.cpu : 256
  memory                   = 512
  execution_role_arn       = aws_iam_role.execution.arn
  container_definitions = jsonencode([{
    name         = "app"
    image        = "\${var.account_id}.dkr.ecr.\${var.region}.amazonaws.com/app:\${var.tag}"
    essential    = true
    portMappings = [{ containerPort = 8080 }]
    environment  = [for k, v in var.env : { name = k, value = v }]
  }])
}

resource "aws_ecs_service" "env_${n}" {
  name            = "app-${n}"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.env_${n}.arn
  desired_count   = max(1, var.desired_count * 2 - 1)
  launch_type     = "FARGATE"

  network_configuration {
    subnets          = values(aws_subnet.env_${n}_private)[*].id
    security_groups  = [aws_security_group.env_${n}_endpoints.id]
    assign_public_ip = false
  }
}

`;
}

/** Realistic Terraform text of at least `targetChars` UTF-16 code units (ASCII, so also bytes). */
export function generateTerraform(targetChars: number): string {
  const chunks: string[] = [];
  let size = 0;
  for (let n = 0; size < targetChars; n++) {
    const chunk = terraformChunk(n);
    chunks.push(chunk);
    size += chunk.length;
  }
  return chunks.join('');
}
