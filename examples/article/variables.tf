variable "region" {
  description = "AWS region to deploy into"
  type        = string
  default     = "ap-northeast-1"
}

variable "environment" {
  description = "Name prefix for every resource"
  type        = string
}
