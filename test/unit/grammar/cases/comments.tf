# A hash comment
// A double-slash comment
/* A block comment
   over two lines */
resource "aws_vpc_endpoint" "s3" { # trailing comment
  vpc_id = var.vpc_id // another trailing comment
  /* inline */ route_table_ids = []
}
