data "aws_iam_policy_document" "ecs_assume" {
  statement {
    sid     = "EcsTasksAssume"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:aws:ecs:${var.region}:${data.aws_caller_identity.current.account_id}:*"]
    }
  }
}

data "aws_caller_identity" "current" {}

resource "aws_iam_role" "ecs_task_execution_role" {
  name               = "${var.environment}-ecs-task-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_assume.json
  path               = "/service-role/"
}

resource "aws_iam_role_policy_attachment" "ecs_task_execution_role_policy" {
  role       = aws_iam_role.ecs_task_execution_role.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role_policy" "ecr_pull" {
  name = "ecr-pull"
  role = aws_iam_role.ecs_task_execution_role.id

  policy = <<-POLICY
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": [
            "ecr:GetAuthorizationToken",
            "ecr:BatchCheckLayerAvailability",
            "ecr:GetDownloadUrlForLayer",
            "ecr:BatchGetImage"
          ],
          "Resource": "*"
        },
        {
          "Effect": "Allow",
          "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
          "Resource": "${aws_cloudwatch_log_group.app.arn}:*"
        }
      ]
    }
  POLICY
}

resource "aws_iam_policy" "secrets" {
  name = "${var.environment}-secrets-read"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [for arn in var.secret_arns : {
      Effect   = "Allow"
      Action   = ["secretsmanager:GetSecretValue"]
      Resource = arn
    }]
  })
}

resource "aws_iam_role_policy" "legacy" {
  role   = aws_iam_role.ecs_task_execution_role.id
  policy = <<EOF
{
  "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*",
    "Condition": {"StringNotEquals": {"aws:RequestedRegion": "${var.region}"}}}]
}
EOF
}
