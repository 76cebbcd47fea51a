# The reference article's configuration, completed into a whole deployment: a network module with
# private subnets and no NAT gateway, and the article's ECS service pulling from ECR through VPC
# endpoints.

terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = var.region
}

module "network" {
  source = "./modules/network"

  name       = var.environment
  cidr_block = "10.0.0.0/16"
  azs        = ["${var.region}a", "${var.region}c"]
}

module "app" {
  source = "./modules/private-ecr-app"

  environment             = var.environment
  region                  = var.region
  vpc_id                  = module.network.vpc_id
  private_subnet_ids      = module.network.private_subnet_ids
  private_route_table_ids = module.network.private_route_table_ids
}
