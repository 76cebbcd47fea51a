/** A module that already has part of the setup: its own names, an ECR API endpoint, the groups and a service. */
export const PARTIAL_MODULE = `variable "aws_region" {
  type    = string
  default = "eu-west-1"
}

resource "aws_vpc" "core" {
  cidr_block           = "10.8.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_subnet" "app" {
  count             = 2
  vpc_id            = aws_vpc.core.id
  cidr_block        = cidrsubnet(aws_vpc.core.cidr_block, 8, count.index)
  availability_zone = "eu-west-1\${count.index == 0 ? "a" : "b"}"
}

resource "aws_route_table" "app" {
  vpc_id = aws_vpc.core.id
}

resource "aws_route_table_association" "app" {
  count          = 2
  subnet_id      = aws_subnet.app[count.index].id
  route_table_id = aws_route_table.app.id
}

resource "aws_security_group" "endpoints" {
  name   = "endpoints"
  vpc_id = aws_vpc.core.id
}

resource "aws_security_group" "tasks" {
  name   = "tasks"
  vpc_id = aws_vpc.core.id
}

resource "aws_vpc_endpoint" "ecr_api" {
  vpc_id              = aws_vpc.core.id
  service_name        = "com.amazonaws.\${var.aws_region}.ecr.api"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = aws_subnet.app[*].id
  security_group_ids  = [aws_security_group.endpoints.id]
  private_dns_enabled = true
}

resource "aws_ecr_repository" "orders" {
  name = "orders"
}

resource "aws_ecs_cluster" "core" {
  name = "core"
}

resource "aws_ecs_service" "orders" {
  name            = "orders"
  cluster         = aws_ecs_cluster.core.id
  task_definition = "orders:1"
  desired_count   = 1
  launch_type     = "FARGATE"

  network_configuration {
    subnets         = aws_subnet.app[*].id
    security_groups = [aws_security_group.tasks.id]
  }
}
`;
