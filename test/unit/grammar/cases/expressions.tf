locals {
  integer     = 443
  float       = 1.5e3
  negative    = -1
  yes         = true
  no          = false
  nothing     = null
  compare     = var.a >= 10 && var.b != "x" || !var.c
  arithmetic  = (count.index + 1) * 2 % 3 / 4
  conditional = var.nat ? "nat" : "endpoints"
  call        = format("com.amazonaws.%s.%s", data.aws_region.current.name, each.value)
  provider_fn = provider::aws::arn_parse(aws_iam_role.this.arn)
  splat       = aws_subnet.private[*].id
  legacy      = aws_subnet.private.*.id
  index       = aws_subnet.private[0].id
  map_lookup  = module.vpc.endpoints["s3"].id
  list_for    = [for s in var.services : "com.amazonaws.${var.region}.${s}" if s != "s3"]
  map_for     = { for k, v in var.endpoints : k => v.service... }
  object      = { Name = "x", "awslogs-group" = path.module }
  self_ref    = self.private_ip
  workspace   = terraform.workspace
  typed       = list(string)
}
