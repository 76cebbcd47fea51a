# Workspace for the live-check suite: the suite drives "Verify Private ECR Access" against moto;
# this module only gives the window a Terraform folder to open.
variable "region" {
  type    = string
  default = "eu-west-1"
}
