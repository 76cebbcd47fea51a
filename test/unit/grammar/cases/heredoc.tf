locals {
  policy = <<EOT
{
  "Resource": "arn:aws:s3:::prod-${var.region}-starport-layer-bucket/*"
}
EOT

  script = <<-SCRIPT
    echo "%{ for ip in var.ips ~}${ip} %{ endfor ~}"
    echo $${HOME}
    SCRIPT

  after = true
}
