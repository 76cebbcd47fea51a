terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

data "aws_region" "current" {}

module "endpoints" {
  source = "terraform-aws-modules/vpc/aws//modules/vpc-endpoints"

  endpoints = {
    s3 = { service = "s3", service_type = "Gateway" }
  }
}

resource "aws_security_group" "vpc_endpoint" {
  dynamic "ingress" {
    for_each = var.cidrs
    content {
      from_port = 443
    }
  }

  lifecycle { create_before_destroy = true }
}

legacy_block unquoted_label {
  enabled = true
}
