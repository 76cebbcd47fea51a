variable "region" {
  description = "AWS region of the VPC, the endpoints and the ECR repository."
  type        = string
  default     = "ap-northeast-1"
}

variable "environment" {
  description = "Prefix for resource names."
  type        = string
  default     = "staging"
}

variable "image_tag" {
  description = "Tag of the application image in ECR."
  type        = string
  default     = "1.4.2"
}
