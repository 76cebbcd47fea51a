module "network" {
  source = "./modules/network"

  vpc_cidr    = "10.0.0.0/16"
  environment = var.environment
  az_count    = 3
  providers = {
    aws = aws.us_east_1
  }
}

module "app" {
  source   = "git::https://example.invalid/app.git?ref=v1.2.3"
  for_each = { for name, cfg in var.apps : name => cfg if cfg.enabled }

  name          = each.key
  image         = each.value.image
  subnet_ids    = module.network.private_subnet_ids
  cpu           = lookup(each.value, "cpu", 256)
  memory        = each.value.memory != null ? each.value.memory : 512
  by_az         = { for s in module.network.subnets : s.az => s.id... }
  first_subnet  = module.network.private_subnet_ids[0]
  legacy_first  = module.network.private_subnet_ids.0
  negated       = !var.disabled
  arithmetic    = (var.a + var.b) * 2 - var.c / 4 % 3
  comparisons   = var.a >= 1 && var.b <= 2 || var.c != 3 && var.d == 4 || var.e < 5 && var.f > 6
  negative      = -1
  negative_expr = -var.offset
  float         = 1.5e3
  provider_fn   = provider::aws::arn_parse(var.arn).region
  expanded      = concat(var.lists...)
  nested_tuple  = [[1, 2], [3, [4, 5]], {}]
  keyed         = { "quoted key" = 1, (var.dynamic_key) = 2, plain = 3, "${var.p}-x" = 4 }
  colon_object  = { a: 1, b: "two" }
}

variable "environment" {
  type        = string
  description = "Environment name, such as dev or prod"
  default     = "dev"

  validation {
    condition     = can(regex("^(dev|stg|prod)$", var.environment))
    error_message = "The environment must be dev, stg or prod."
  }
}

variable "apps" {
  type = map(object({
    enabled = bool
    image   = string
    memory  = optional(number)
  }))
  default = {}
}

variable "secret_arns" {
  type      = list(string)
  default   = []
  sensitive = true
}

moved {
  from = aws_security_group.old
  to   = aws_security_group.endpoints
}

import {
  to = aws_vpc.main
  id = "vpc-0123456789abcdef0"
}

check "endpoint_count" {
  assert {
    condition     = length(aws_vpc_endpoint.interface) >= 3
    error_message = "Expected at least three interface endpoints."
  }
}

locals {
  greeting = <<-EOT
    Hello, ${var.environment}!
    %{~ for name in keys(var.apps) ~}
      app: ${name}
    %{~ endfor ~}
    %{ if var.environment == "prod" }Careful: production.%{ else }Not production.%{ endif }
    Literal: $${not_interpolated} and %%{not_a_directive}
  EOT

  banner = "%{if var.verbose}verbose%{endif} mode; ${upper(var.environment)}; tab\there; quote \" backslash \\ unicode \u00e9 \U0001F600"
  stripped = "a  ${~ var.x ~}  b"
  nested   = "outer ${format("%s-%s", "inner ${var.y}", var.z)} end"
  json_doc = jsonencode({ list = [1, 2, 3], map = { k = "v" } })
  windows_path = "C:\\Program Files\\App"
  label_less = { for k, v in var.m : upper(k) => v if v != null }
  ternary_chain = var.a ? "a" : var.b ? "b" : "c"
  splat_full    = var.objs[*].tags["Name"]
  index_string  = var.map["key"]
  unicode = "日本語のタグ 🚀"
}
