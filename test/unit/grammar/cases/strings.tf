locals {
  plain       = "hello"
  escapes     = "tab\t quote\" backslash\\ unicode\u00e9 \U0001F600"
  bad_escape  = "\q"
  interpolate = "com.amazonaws.${var.region}.ecr.dkr"
  trimmed     = "${~ local.name ~}"
  literal     = "$${not_interpolated} and %%{not_a_directive}"
  directive   = "%{ if var.enabled }on%{ else }off%{ endif }"
  nested      = "${upper("x-${local.suffix}")}"
  japanese    = "日本語の文字列"
}
