locals {
  unterminated = "no closing quote
  next_line    = "the string above must not spill onto this line"
  multi_line_conditional = var.enabled
    ? "yes"
    : "no"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["ecr:GetAuthorizationToken"] }]
  })
  heredoc_in_call = trimspace(<<-EOT
    hello ${local.name}
  EOT
  )
  equality = local.a == local.b
}
