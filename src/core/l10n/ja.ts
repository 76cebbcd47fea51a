/**
 * Japanese for every rule message, keyed by rule id and message id, with the same `{{placeholders}}`
 * as the English in the rule files (the parity test in test/unit/l10n checks both). Written for the
 * readers of the reference article, in its vocabulary (VPCエンドポイント, セキュリティグループ,
 * タスク実行ロール, プライベートDNS). Conventions: です/ます; a short headline sentence first; Terraform
 * addresses, attributes and placeholders stand apart with a space; the ECS and AWS error texts
 * users search for stay in English inside "double quotes"; editor commands are in 「」.
 */

/** Japanese rule titles by rule id (listings, settings, the docs pages), the live-only rules included. */
export const JA_TITLES: Record<string, string> = {
  'ecr-dkr-endpoint': 'ECRのDockerレジストリ用エンドポイント',
  'ecr-api-endpoint': 'ECR APIエンドポイント',
  'endpoint-private-dns': 'インターフェイスエンドポイントのプライベートDNS',
  'vpc-dns-attributes': 'VPCのDNSサポートとDNSホスト名',
  'vpc-dhcp-dns': 'タスクの名前解決にAmazonProvidedDNSを使う',
  's3-gateway-endpoint': 'タスクのルートテーブルにS3ゲートウェイエンドポイント',
  'endpoint-sg-ingress': 'エンドポイントのセキュリティグループがタスクからのHTTPSを許可',
  'task-sg-egress': 'タスクのセキュリティグループがエンドポイントとS3へのHTTPSを許可',
  'sg-mixed-rule-styles': 'セキュリティグループでインラインルールとルールリソースを混在させない',
  'endpoint-subnets': 'インターフェイスエンドポイントのサブネットがタスクのゾーンにある',
  'nacl-https': 'ネットワークACLがHTTPSとその応答を通す',
  'logs-endpoint': 'awslogs用のCloudWatch Logsエンドポイント',
  'secrets-endpoints': 'シークレット用のSecrets Manager / SSMエンドポイント',
  'ecs-agent-endpoints': 'EC2起動タイプ用のECSエージェントのエンドポイント',
  'exec-ssmmessages-endpoint': 'ECS Exec用のSSM Messagesエンドポイント',
  'execution-role': 'タスク実行ロールでECRからプルできる',
  'ecr-auth-source-vpc-condition': 'GetAuthorizationTokenを送信元VPCの条件で制限しない',
  'endpoint-policy': 'エンドポイントポリシーがイメージのプルを許可',
  'image-registry': 'NATなしで届くイメージレジストリ',
  'network-unmanaged': 'ネットワークが別の場所で管理されている、または対象か判定できない',
  'task-definition-unknown': 'タスク定義またはコンテナ定義がこの構成からわからない',
  'hcl-syntax': 'Terraformの構文エラー',
  'file-unreadable': '読み込めないファイル',
  'module-source': 'モジュールの source をたどれない',
  'duplicate-block': 'ブロックのアドレスの重複',
  'module-not-installed': 'リモートモジュールが未インストール',
  'module-not-followed': '設定でたどらないモジュール呼び出し',
  'endpoint-state': 'エンドポイントが利用可能で、タスクのVPCにある',
};

/** The shared messages of the interface-endpoint rules (interface-endpoint.ts). */
const INTERFACE_ENDPOINT = {
  missing:
    '{{service}} 用の {{endpoint}} エンドポイントがありません。' +
    '{{service}} はNATへのルートがないプライベートサブネットで動きますが、VPCに "{{endpoint}}" のインターフェイスエンドポイント（{{why}}）がないため、通信はパブリックアドレスに向かい、タスクは "dial tcp <public ip>:443: i/o timeout" で失敗します。service_name = "com.amazonaws.<region>.{{endpoint}}"、vpc_endpoint_type = "Interface"、private_dns_enabled = true の aws_vpc_endpoint を追加してください。',
  undecided:
    '{{service}} の {{endpoint}} エンドポイントは判定できません。' +
    '{{service}} のタスクに "{{endpoint}}" のインターフェイスエンドポイント（{{why}}）が必要か、またはすでにあるかは、ここではわかりません: {{reason}}。必要なエンドポイントがないと、タスクは起動時に "dial tcp <public ip>:443: i/o timeout" で失敗します。' +
    '実際のVPCに対して「Private ECR: Private ECRへのアクセスを検証」を実行してください。',
  wrongType:
    '{{address}} はInterfaceエンドポイントにする必要があります。' +
    '"{{endpoint}}" 用ですがタイプが {{type}}{{implicit}} です。"{{endpoint}}" はInterfaceエンドポイントとしてのみ提供されるため、タスクはそのプライベートアドレスを得られません（"dial tcp <public ip>:443: i/o timeout"）。vpc_endpoint_type = "Interface" を設定してください。',
};

/** How the editor's verify command is named in Japanese (package.nls.ja.json uses the same title). */
const VERIFY = '「Private ECR: Private ECRへのアクセスを検証」';

/** Japanese message templates by rule id, then message id. */
export const JA_MESSAGES: Record<string, Record<string, string>> = {
  'ecr-dkr-endpoint': INTERFACE_ENDPOINT,
  'ecr-api-endpoint': INTERFACE_ENDPOINT,
  'logs-endpoint': INTERFACE_ENDPOINT,
  'secrets-endpoints': INTERFACE_ENDPOINT,
  'ecs-agent-endpoints': INTERFACE_ENDPOINT,
  'exec-ssmmessages-endpoint': INTERFACE_ENDPOINT,
  'endpoint-private-dns': {
    undecided:
      '{{address}} のプライベートDNSは判定できません。' +
      '{{address}}（{{service}}）のプライベートDNSが有効かは、ここではわかりません: {{reason}}。無効なら、タスクは {{host}} をパブリックアドレスに解決し、NATがないためタイムアウトします（"dial tcp <public ip>:443: i/o timeout"）。' +
      `実際のVPCに対して${VERIFY}を実行してください。`,
    off:
      '{{address}} のプライベートDNSが無効です。' +
      '{{address}}（{{service}}）のプライベートDNSは {{how}}。タスクは {{host}} をパブリックアドレスに解決し、NATがないためタイムアウトします（"dial tcp <public ip>:443: i/o timeout"）。private_dns_enabled = true を設定してください。',
  },
  'vpc-dns-attributes': {
    undecided:
      '{{address}} の {{attribute}} は判定できません。' +
      '{{address}} の {{attribute}} が有効かは、ここではわかりません: {{reason}}。{{why}}ため、有効である必要があります。無効ならエンドポイントのプライベートDNS名が解決されず、タスクはタイムアウトします（"dial tcp <public ip>:443: i/o timeout"）。' +
      `実際のVPCに対して${VERIFY}を実行してください。`,
    off:
      '{{address}} の {{attribute}} が有効になっていません。' +
      '{{address}} の {{attribute}} は {{how}}が、{{why}}。このままではエンドポイントのプライベートDNS名が解決されず、タスクはパブリックアドレスに接続しようとしてタイムアウトします（"dial tcp <public ip>:443: i/o timeout"）。{{attribute}} = true を設定してください。',
  },
  'vpc-dhcp-dns': {
    undecided:
      '{{vpc}} のネームサーバーは判定できません。' +
      '{{service}} がNATなしで動く {{vpc}} のDHCPオプションセット {{options}} が "AmazonProvidedDNS" を渡すかは、ここではわかりません: ネームサーバーは {{servers}} です。エンドポイントのプライベートDNS名はRoute 53 Resolverでしか解決されません。' +
      `実際のVPCに対して${VERIFY}を実行してください。`,
    customServers:
      '{{vpc}} がAmazonProvidedDNSを使っていません。' +
      'DHCPオプションセット {{options}} は、{{service}} がNATなしで動く {{vpc}} に、"AmazonProvidedDNS" を含まないネームサーバー {{servers}} を渡しています。エンドポイントのプライベートDNS名（ECR、S3、logs）はRoute 53 Resolverでしか解決できません。これらのサーバーがResolver（VPC CIDRのベース + 2、またはRoute 53 Resolverエンドポイント）に転送することを確認するか、"AmazonProvidedDNS" を追加してください。そうしないとプルは "dial tcp <public ip>:443: i/o timeout" で失敗します。',
  },
  's3-gateway-endpoint': {
    undecided:
      '{{service}} 用のS3ゲートウェイエンドポイントは判定できません。' +
      '{{service}} のタスクのサブネットが使うすべてのルートテーブルにS3ゲートウェイエンドポイントが関連付けられているかは、ここではわかりません: {{reason}}。関連付けがないと、S3から配信されるイメージレイヤーをダウンロードできません（"failed to copy: httpReaderSeeker: failed open"）。' +
      `実際のVPCに対して${VERIFY}を実行してください。`,
    missing:
      '{{service}} 用のS3ゲートウェイエンドポイントがありません。' +
      '{{service}} はNATへのルートがないプライベートサブネットで動きますが、VPCにS3ゲートウェイエンドポイントがないため、S3から配信されるイメージレイヤーをダウンロードできません（"CannotPullContainerError ... failed to copy: httpReaderSeeker: failed open"）。"com.amazonaws.<region>.s3" の aws_vpc_endpoint を、vpc_endpoint_type = "Gateway" とタスクのサブネットの route_table_ids を指定して追加してください。',
    interfaceOnly:
      '{{address}} はS3のGatewayエンドポイントではありません。' +
      '{{address}} はS3のInterfaceエンドポイントです。ECRのイメージレイヤーは、タスクのルートテーブルに関連付けたS3のGatewayエンドポイント経由で取得されます（Interfaceエンドポイントには専用のDNS名が必要で、ECSエージェントはそれを使いません）。S3のGatewayエンドポイントを追加してください。',
    notAttached:
      '{{address}} がタスクのルートテーブルに関連付けられていません。' +
      '{{service}} のサブネット {{subnet}} が使う {{table}} に関連付けられていないため、S3からのレイヤーのダウンロードがタイムアウトします（"failed to copy: httpReaderSeeker: failed open"）。route_table_ids にこのルートテーブルを追加してください。',
    subnetAsTable:
      '{{address}} がサブネットをルートテーブルとして指定しています。' +
      '{{address}} の route_table_ids にサブネットID（{{subnet}}）があります。S3ゲートウェイエンドポイントはサブネットではなくルートテーブルに関連付けるものなので、タスクのサブネットにS3へのルートができません。サブネットのルートテーブルのIDを指定してください。',
  },
  'endpoint-sg-ingress': {
    undecided:
      '{{firstEndpoint}} のエンドポイントのセキュリティグループは判定できません。' +
      '{{endpoints}} のセキュリティグループが {{service}} のタスクからのインバウンドTCP 443を許可しているかは、ここではわかりません: {{reason}}。許可していなければ、プルは "dial tcp <private ip>:443: i/o timeout" で失敗します。' +
      `実際のVPCに対して${VERIFY}を実行してください。`,
    noIngress:
      '{{group}} がタスクからのHTTPSを遮断しています。' +
      '{{endpoints}} のセキュリティグループ {{group}} は、{{service}} のタスク（{{tasks}}）からのインバウンドTCP 443を許可していません（{{detail}}）。プルは "dial tcp <private ip>:443: i/o timeout" で失敗します。タスクのセキュリティグループ、またはタスクのサブネットを含むCIDRからのTCP 443を許可してください。',
    defaultGroup:
      '{{firstEndpoint}} に security_group_ids がありません。' +
      '{{endpoints}} に security_group_ids がないと、AWSはVPCのデフォルトセキュリティグループを割り当てます。このグループは同じグループのメンバーからの通信しか許可せず、{{service}} のタスク（{{tasks}}）はメンバーではありません。プルは "dial tcp <private ip>:443: i/o timeout" で失敗します。タスクからのTCP 443を許可するセキュリティグループを security_group_ids に指定してください。',
  },
  'task-sg-egress': {
    undecided:
      '{{service}} のタスクのセキュリティグループは判定できません。' +
      '{{service}} のセキュリティグループが {{targets}} へのアウトバウンドTCP 443を許可しているかは、ここではわかりません: {{reason}}。許可していなければ、タスクはそこに到達できません（"dial tcp <ip>:443: i/o timeout"）。' +
      `実際のVPCに対して${VERIFY}を実行してください。`,
    endpoints:
      '{{service}} のタスクのセキュリティグループがエンドポイントへのHTTPSを遮断しています。' +
      '{{service}} のセキュリティグループ（{{groups}}）は {{endpoints}} へのアウトバウンドTCP 443を許可していません{{note}}。タスクはエンドポイントに到達できません（"dial tcp <private ip>:443: i/o timeout"）。エンドポイントのセキュリティグループ、またはエンドポイントのサブネットのCIDRへのアウトバウンドTCP 443を許可してください。',
    s3:
      '{{service}} のタスクのセキュリティグループがS3へのHTTPSを遮断しています。' +
      '{{service}} のセキュリティグループ（{{groups}}）はS3へのアウトバウンドTCP 443を許可していません{{note}}。ECRはイメージレイヤーをゲートウェイエンドポイント経由でS3から配信し、その宛先はVPCのCIDRではなくS3のプレフィックスリストです。このためプルは "failed to copy: httpReaderSeeker: failed open" で失敗します。S3のプレフィックスリスト（aws_vpc_endpoint.<s3>.prefix_list_id）または 0.0.0.0/0 へのアウトバウンドTCP 443を許可してください。',
  },
  'sg-mixed-rule-styles': {
    sameDirection:
      '{{group}} でインラインのルールとルールリソースが混在しています。' +
      'インラインの {{directions}} ブロックと {{resources}} が同じルールを管理しているため、terraform apply のたびにインライン側がルールリソースのルールを削除し、次の apply で元に戻します。443のルールは apply 2回に1回しか存在せず、その間プルは失敗します（"dial tcp <private ip>:443: i/o timeout"）。AWSプロバイダーも、混在させると "may cause rule conflicts, perpetual differences, and result in rules being overwritten" としています。この {{role}} のルールはどちらか一方の書き方に揃えてください。',
    otherDirection:
      '{{group}} でインラインのルールとルールリソースが混在しています。' +
      'インラインの {{inline}} ブロックと、ルールリソース {{resources}} があります。AWSプロバイダーは混在させると "may cause rule conflicts, perpetual differences, and result in rules being overwritten" と警告しており、もう一方の向きのインラインブロックを書いた時点で、これらのリソースのルールは取り消されます。この {{role}} のルールはどちらか一方の書き方に揃えてください。',
    twoResourceKinds:
      '{{group}} で2種類のルールリソースが混在しています。' +
      'AWSプロバイダーは、1つのグループで aws_security_group_rule と aws_vpc_security_group_ingress_rule/_egress_rule を併用すると "may cause rule conflicts, perpetual differences, and result in rules being overwritten" と警告しています（{{resources}}）。この {{role}} のルールはどちらか一方のリソースに揃えてください。',
  },
  'endpoint-subnets': {
    undecided:
      '{{endpoint}} のサブネットは判定できません。' +
      '{{endpoints}} のそれぞれが、{{workload}} のタスクが使うすべてのアベイラビリティーゾーンにサブネットを持つかは、ここではわかりません: {{reason}}。サブネットのないエンドポイントにはまったく到達できません（"dial tcp <private ip>:443: i/o timeout"）。' +
      `実際のVPCに対して${VERIFY}を実行してください。`,
    noSubnets:
      '{{endpoint}} にサブネットがありません。' +
      '{{endpoint}}（{{service}}）にはサブネットがないためネットワークインターフェイスがなく、{{workload}} のタスクから到達できません。subnet_ids にタスクのサブネット（アベイラビリティーゾーンごとに1つ）を指定してください。',
    missingZone:
      '{{endpoint}} に {{zones}} のサブネットがありません。' +
      '{{endpoint}}（{{service}}）には、{{workload}} のタスクが動く {{zones}} のサブネットがありません。タスクの通信はゾーンをまたぎ、エンドポイント側のゾーンに障害が起きると失敗します。subnet_ids に {{zones}} のサブネットを追加してください。',
  },
  'nacl-https': {
    undecided:
      '{{subnet}} のネットワークACLは判定できません。' +
      '{{subnets}} のネットワークACLが、{{service}} のタスクのHTTPSとその応答を通すかは、ここではわかりません: {{reason}}。それらを落とすネットワークACLがあると、プルはタイムアウトします（"dial tcp <ip>:443: i/o timeout"）。' +
      `実際のVPCに対して${VERIFY}を実行してください。`,
    taskOutbound:
      '{{acl}} がタスクのアウトバウンドHTTPSを遮断しています。' +
      'タスクのサブネット {{subnet}} のネットワークACL {{acl}} は、{{peer}} へのアウトバウンドTCP 443を許可していません。{{sample}} は {{by}} で拒否されます。{{service}} のタスクは {{what}} に到達できません（"dial tcp <ip>:443: i/o timeout"）。一致する deny ルールより小さい番号のルールで、{{cidr}} へのアウトバウンドTCP 443を許可してください。',
    taskInbound:
      '{{acl}} がタスクへの応答を破棄しています。' +
      'タスクのサブネット {{subnet}} のネットワークACL {{acl}} は、{{peer}} からのインバウンドTCP 1024-65535を許可していません。{{sample}} は {{by}} で拒否されます。ネットワークACLはステートレスなので、{{what}} から {{service}} のタスクへの応答が破棄されます。一致する deny ルールより小さい番号のルールで、{{cidr}} からのインバウンドTCP 1024-65535を許可してください。',
    endpointInbound:
      '{{acl}} がエンドポイントのサブネットへのHTTPSを遮断しています。' +
      'エンドポイントのサブネット {{subnet}} のネットワークACL {{acl}} は、{{peer}} からのインバウンドTCP 443を許可していません。{{sample}} は {{by}} で拒否されます。{{service}} のタスクはそこにある {{what}} に到達できません（"dial tcp <private ip>:443: i/o timeout"）。一致する deny ルールより小さい番号のルールで、{{cidr}} からのインバウンドTCP 443を許可してください。',
    endpointOutbound:
      '{{acl}} がエンドポイントからの応答を破棄しています。' +
      'エンドポイントのサブネット {{subnet}} のネットワークACL {{acl}} は、{{peer}} へのアウトバウンドTCP 1024-65535を許可していません。{{sample}} は {{by}} で拒否されます。ネットワークACLはステートレスなので、{{what}} から {{service}} のタスクへの応答が破棄されます。一致する deny ルールより小さい番号のルールで、{{cidr}} へのアウトバウンドTCP 1024-65535を許可してください。',
  },
  'execution-role': {
    noRole:
      '{{taskDefinition}} にタスク実行ロールがありません。' +
      '{{taskDefinition}} はECRから {{image}} をプルしますが、execution_role_arn がないため、タスクはECRにログインできません（"ResourceInitializationError: unable to pull secrets or registry auth"）。ecs-tasks.amazonaws.com を信頼し、AmazonECSTaskExecutionRolePolicy をアタッチしたロールを execution_role_arn に指定してください。',
    noRoleEc2:
      '{{taskDefinition}} にタスク実行ロールがありません。' +
      '{{taskDefinition}} はECRから {{image}} をプルしますが、execution_role_arn がありません。EC2起動タイプでは代わりにコンテナインスタンスのロールが使われるため、そのロールでECRのプルに必要なアクションを許可しなければなりません。インスタンスのロールに依存しないよう、AmazonECSTaskExecutionRolePolicy をアタッチしたロールを execution_role_arn に指定してください。',
    notTrusted:
      '{{role}} をECSタスクが引き受けられません。' +
      '{{role}} は {{taskDefinition}} のタスク実行ロールですが、assume_role_policy が ecs-tasks.amazonaws.com による引き受けを許可していないため、タスクが起動しません。サービスプリンシパル "ecs-tasks.amazonaws.com" に sts:AssumeRole を許可してください。',
    missing:
      '{{role}} にタスクが必要とする権限がありません。' +
      '{{taskDefinition}} のタスク実行ロール {{role}} には {{actions}} が許可されていません（{{reasons}}）。タスクは "ResourceInitializationError: unable to pull secrets or registry auth" で失敗します。AmazonECSTaskExecutionRolePolicy をアタッチするか、これらのアクションを許可してください。',
    missingSecrets:
      '{{role}} にタスクのシークレットを読む権限がありません。' +
      '{{taskDefinition}} のタスク実行ロール {{role}} には {{actions}} が許可されていません（{{reasons}}）。タスクは "ResourceInitializationError: unable to pull secrets or registry auth ... unable to retrieve secret" で失敗します。シークレットとパラメータに対してこれらのアクションを許可してください（カスタマーマネージドキーを使う場合は kms:Decrypt も）。',
    boundary:
      '{{role}} のアクセス許可の境界がプルを妨げています。' +
      '{{taskDefinition}} のタスク実行ロール {{role}} のアクセス許可の境界が {{actions}} を許可していないため（{{reasons}}）、ロールのポリシーでは付与できません。境界でこれらのアクションを許可してください。',
    denied:
      '{{policy}} の Deny がイメージのプルを妨げています。' +
      '{{policy}} のステートメント {{statement}} が、{{taskDefinition}} のタスク実行ロール {{role}} に対して {{actions}} を拒否しています。Deny はどの Allow よりも優先されるため、タスクはイメージをプルできず、起動しません。Deny の範囲を狭めるか、削除してください。',
    roleUnknown:
      '{{taskDefinition}} のタスク実行ロールは確認していません。' +
      '{{taskDefinition}} のタスク実行ロールは {{value}} で、この構成が作るロールではありません。ecs-tasks.amazonaws.com を信頼しているか、{{image}} をプルできるかは、ここではわかりません。' +
      `アカウントに対して${VERIFY}を実行してください。`,
    undecided:
      '{{role}} のプルの権限は判定できません。' +
      '{{taskDefinition}} のタスク実行ロール {{role}} に {{actions}} が許可されているかは、ここではわかりません: {{reason}}。' +
      `アカウントに対して${VERIFY}を実行してください。`,
    redundantReadOnly:
      '{{role}} のECR読み取り専用ポリシーは重複しています。' +
      '{{role}} にアタッチされている AmazonECSTaskExecutionRolePolicy が、イメージのプルに必要なECRのアクションをすべて許可しているため、AmazonEC2ContainerRegistryReadOnly は不要です。{{attachment}} は削除できます。',
  },
  'ecr-auth-source-vpc-condition': {
    allowConditioned:
      '{{role}} がECRの認証トークンを取得できません。' +
      '{{policy}} のステートメント {{statement}} は {{keys}} が一致する場合にだけ ecr:GetAuthorizationToken を許可していますが、トークンの要求はVPCエンドポイントを経由しないため、{{role}}（{{taskDefinition}} のタスク実行ロール）はトークンを取得できません（"ResourceInitializationError: unable to pull secrets or registry auth"）。この条件のないステートメントで、"*" に対する ecr:GetAuthorizationToken を許可してください。',
    denyConditioned:
      '{{role}} へのECR認証トークンの発行が常に拒否されます。' +
      '{{policy}} のステートメント {{statement}} は {{keys}} が一致しない限り ecr:GetAuthorizationToken を拒否しますが、トークンの要求にはこのキーが含まれないため、{{role}}（{{taskDefinition}} のタスク実行ロール）へのトークンの発行は常に拒否されます。この Deny から ecr:GetAuthorizationToken を除外してください。',
  },
  'endpoint-policy': {
    s3LayerBucket:
      '{{endpoint}} がECRのレイヤー用バケットへのアクセスを遮断しています。' +
      '{{endpoint}} のカスタムポリシーは arn:aws:s3:::prod-{{region}}-starport-layer-bucket/* に対する s3:GetObject を許可していません{{denied}}。ECRはこのバケットからイメージレイヤーを配信するため、プルは "CannotPullContainerError ... failed to copy: httpReaderSeeker: failed open" で失敗します。このバケットに対して Principal "*" の s3:GetObject を許可するステートメントを追加するか、カスタムポリシーを削除してください。',
    undecided:
      '{{endpoint}} のポリシーは判定できません。' +
      '{{endpoint}} のカスタムポリシーが {{actions}} を許可しているかは、ここではわかりません: {{reason}}。許可していなければ、プルは "CannotPullContainerError" で失敗します。' +
      `実際のVPCに対して${VERIFY}を実行してください。`,
    ecrActions:
      '{{endpoint}} がイメージのプルを遮断しています。' +
      '{{endpoint}}（{{service}}）のカスタムポリシーは {{actions}} を許可していません{{denied}}。ECSエージェントはこのエンドポイント経由でECRにログインすることもプルすることもできません（"CannotPullContainerError"）。タスク実行ロールにこれらのアクションを許可するか、カスタムポリシーを削除してください。',
  },
  'image-registry': {
    publicRegistry:
      'コンテナ "{{container}}" がNATなしで {{registry}} からプルしようとしています。' +
      '{{taskDefinition}} のコンテナ "{{container}}" は {{registry}} の {{image}} を使いますが、{{service}} はNATのないプライベートサブネットで動きます。VPCエンドポイントで届くのはAmazon ECRだけなので、プルは "CannotPullContainerError ... i/o timeout" で失敗します。イメージを {{region}} のプライベートECRリポジトリにコピーし、そのイメージを使ってください。',
    otherRegistry:
      'コンテナ "{{container}}" がECR以外の {{registry}} からプルしています。' +
      '{{taskDefinition}} のコンテナ "{{container}}" は {{registry}} の {{image}} を使います。タスクはNATなしで動くため、{{service}} がこのレジストリに届くのは、レジストリがVPC内にあるかプライベートに接続されている場合だけです。到達できることを確認するか、イメージをプライベートECRにコピーしてください。',
    otherRegion:
      'コンテナ "{{container}}" が {{imageRegion}} のECRからプルしています。' +
      '{{taskDefinition}} のコンテナ "{{container}}" は {{imageRegion}} のECRから {{image}} をプルしますが、{{service}} のタスクはNATなしで {{region}} で動きます。VPCエンドポイントが扱うのは {{region}} だけです。リポジトリを {{region}} にレプリケート（ECRのレプリケーション）してそのイメージを使うか、タスクから {{imageRegion}} への経路を用意してください。',
    otherAccount:
      'コンテナ "{{container}}" がアカウント {{imageAccount}} のECRからプルしています。' +
      '{{taskDefinition}} のコンテナ "{{container}}" は、{{account}} ではなくアカウント {{imageAccount}} から {{image}} をプルします。リポジトリには、タスク実行ロールにプルを許可するリポジトリポリシー（ecr:BatchGetImage、ecr:GetDownloadUrlForLayer、ecr:BatchCheckLayerAvailability）が必要で、ロール側にもこのリポジトリに対する同じアクションの許可が必要です。',
    placeholderImage:
      'コンテナ "{{container}}" のイメージはプレースホルダーです。' +
      '{{taskDefinition}} のコンテナ "{{container}}" の {{image}} はデプロイ時に置き換えられるプレースホルダーのため、{{service}} がどのレジストリからプルするかを確認できません。デプロイするイメージが {{region}} のプライベートECRにあることを確認してください。',
    imageUnknown:
      'コンテナ "{{container}}" のレジストリは判定できません。' +
      '{{taskDefinition}} のコンテナ "{{container}}" のイメージは {{image}} のため、NATなしで動く {{service}} がプルできるかはここでは確認できません。デプロイするイメージが {{region}} のプライベートECRにあることを確認してください。',
    pullThroughCache:
      'コンテナ "{{container}}" がプルスルーキャッシュ経由でプルしています。' +
      '{{taskDefinition}} のコンテナ "{{container}}" がプルする {{image}} はプルスルーキャッシュのリポジトリです（ルール {{rule}}、プレフィックス "{{prefix}}"）。各イメージの初回のプルにはVPCからのNATが必要ですが、{{service}} にはNATがありません。NATのあるネットワークから各イメージを一度プルしておくか、通常のECRリポジトリにコピーしてください。',
  },
  'network-unmanaged': {
    unmanaged:
      '{{service}} のネットワークはこの構成の外で管理されています（{{reason}}）。エンドポイントのルールはここでは判定できません。' +
      `実際のVPCに対して${VERIFY}を実行してください。`,
    egressLeaves:
      '{{service}} の外向きの経路がこの構成の外に出ています（{{reason}}）。エンドポイントのルールは、ここではプライベートともインターネット接続ありとも判定しません。' +
      `実際のVPCに対して${VERIFY}を実行してください。`,
    undecided:
      '{{service}} がプライベートサブネットで動くかどうかを判定できません（{{reason}}）。エンドポイントのルールはここでは判定しません。' +
      `実際のVPCに対して${VERIFY}を実行してください。`,
    definitionUnknown:
      '{{service}} が起動するECSタスクを判定できません。定義が {{definition}} のため、そのタスクもサブネットもわかりません。エンドポイントのルールはここでは判定しません。' +
      `実際のVPCに対して${VERIFY}を実行してください。`,
  },
  'task-definition-unknown': {
    notInConfiguration:
      '{{service}} のタスク定義はこの構成にありません。' +
      'このタスクについては、イメージ、ログ、シークレット、タスク実行ロールの確認をしていません: {{reason}}。タスク定義を作るルートモジュールを確認するか、' +
      `アカウントに対して${VERIFY}を実行してください。`,
    containersUnknown:
      '{{taskDefinition}} のコンテナはここではわかりません。' +
      'このコンテナについては、イメージ、ログ、シークレット、タスク実行ロールの確認をしていません: {{reason}}。登録済みのタスク定義を確かめるには、' +
      `アカウントに対して${VERIFY}を実行してください。`,
  },
};

/**
 * Japanese for fixed English phrases that rules put into message data (the `why`, `how`, `detail`,
 * `reason` of a message), related locations and fix titles. Phrases inside a message's （）stay in
 * plain form; fix titles are short imperatives as VS Code's own menus have them.
 */
export const JA_PHRASES: Record<string, string> = {
  // Why an interface endpoint is needed (interface-endpoint rules).
  'the registry API that serves image manifests': 'イメージマニフェストを返すレジストリAPI',
  'the registry auth token (ecr:GetAuthorizationToken)': 'レジストリの認証トークンを取得する ecr:GetAuthorizationToken',
  'the ECS agent on EC2 instances talks to ECS through it': 'EC2インスタンス上のECSエージェントがECSとの通信に使う',
  'ECS Exec is on: enable_execute_command = true': 'ECS Execが有効: enable_execute_command = true',
  ' (Terraform\u2019s default when vpc_endpoint_type is not set)': '（vpc_endpoint_type 未指定時のTerraformの既定値）',
  unknown: '不明',
  // How private DNS or a VPC DNS attribute is off.
  'turned off': '無効に設定されています',
  'off (private_dns_enabled is not set, and Terraform\u2019s default is false)': '無効です（private_dns_enabled が未指定で、Terraformの既定値は false です）',
  'off (the endpoints entry does not set private_dns_enabled, and the vpc-endpoints module then leaves it false)':
    '無効です（endpoints の項目に private_dns_enabled がなく、vpc-endpoints モジュールは false のままにします）',
  'set to false': 'false に設定されています',
  'unset (Terraform\u2019s default is false)': '未指定（Terraformの既定値は false）です',
  // Security groups.
  'it has no ingress rule at all': 'インバウンドルールが1つもない',
  'none of its ingress rules admits TCP 443': 'TCP 443を許可するインバウンドルールがない',
  'its HTTPS ingress rules name no source at all': 'HTTPSのインバウンドルールに送信元が指定されていない',
  // Network ACLs.
  'the implicit deny (no rule allows it)': '暗黙の deny（許可するルールがない）',
  'S3 (public addresses; the gateway endpoint does not bypass network ACLs)': 'S3（パブリックアドレス。ゲートウェイエンドポイントはネットワークACLを迂回しない）',
  'the interface endpoints': 'インターフェイスエンドポイント',
  'S3, where ECR keeps image layers': 'ECRがイメージレイヤーを置くS3',
  '0.0.0.0/0 (or S3\u2019s address ranges)': '0.0.0.0/0（またはS3のアドレス範囲）',
  // Route tables and images.
  'the VPC\u2019s main route table': 'VPCのメインルートテーブル',
  'an empty image': '空のイメージ',
  // Endpoint policies.
  ' (a Deny statement refuses it)': '（Deny ステートメントで拒否されています）',
  ' (a Deny statement refuses some)': '（一部は Deny ステートメントで拒否されています）',
  // Execution role: why an action is needed.
  'to log in to ECR': 'ECRへのログインに必要',
  // What a rule could not decide (undecided findings).
  'ECS Exec may be on': 'ECS Execが有効かもしれない',
  'its capacity providers are not known here': 'キャパシティプロバイダーがここではわからない',
  'it sets neither launch_type nor capacity_provider_strategy, so the cluster\u2019s default capacity provider strategy decides (the EC2 launch type when there is none), and its task definition may run on EC2':
    'launch_type も capacity_provider_strategy も指定がなく、クラスターの既定のキャパシティプロバイダー戦略で決まり（なければEC2起動タイプ）、タスク定義はEC2でも動き得る',
  'the policy is not known here': 'ポリシーがここではわからない',
  's3:GetObject on the ECR layer bucket': 'ECRのレイヤー用バケットに対する s3:GetObject',
  'the ECR token and pull actions': 'ECRのトークン取得とプルのアクション',
  'a statement of the policy has a part not known here (its Effect, Action, Principal or a Condition value)':
    'ポリシーのステートメントに、ここではわからない部分（Effect、Action、Principal、Condition の値）がある',
  'the policy has a condition the checker cannot evaluate for these tasks': 'ポリシーに、このタスクについてチェッカーが評価できない条件がある',
  'container_definitions is not a JSON list of containers': 'container_definitions がコンテナのJSONリストではない',
  'task_definition is not set': 'task_definition が指定されていない',
  'task_definition_arn is not set': 'task_definition_arn が指定されていない',
  'not set': '未指定',
  'known only after apply': 'apply 後にしかわからない',
  'condition not known before apply': '条件が apply 前にはわからない',
  // Where the network of the tasks is undecided (model/workloads.ts, model/network.ts).
  'the task subnets': 'タスクのサブネット',
  'the task definition is not in this configuration': 'タスク定義がこの構成にない',
  'the service lists no subnets': 'サービスにサブネットの指定がない',
  'the service has no network_configuration': 'サービスに network_configuration がない',
  'the route table is not known': 'ルートテーブルが不明',
  'a NAT gateway': 'NAT Gateway',
  'an internet gateway': 'インターネットゲートウェイ',
  'a NAT instance or appliance': 'NATインスタンスまたはアプライアンス',
  'a carrier gateway': 'キャリアゲートウェイ',
  'a transit gateway': 'Transit Gateway',
  'a virtual private gateway': '仮想プライベートゲートウェイ',
  'a VPC peering connection': 'VPCピアリング接続',
  // Related locations.
  'first declared here': '最初の宣言はここです',
  'AmazonECSTaskExecutionRolePolicy already grants the ECR pull actions': 'AmazonECSTaskExecutionRolePolicy がECRのプルに必要なアクションを許可済み',
  // Fix titles.
  'Add ECR DKR endpoint': 'ECR DKRエンドポイントを追加',
  'Add ECR API endpoint': 'ECR APIエンドポイントを追加',
  'Add CloudWatch Logs endpoint': 'CloudWatch Logsエンドポイントを追加',
  'Add Secrets Manager endpoint': 'Secrets Managerエンドポイントを追加',
  'Add SSM endpoint': 'SSMエンドポイントを追加',
  'Add SSM Messages endpoint': 'SSM Messagesエンドポイントを追加',
  'Add ECS agent endpoint': 'ECSエージェントのエンドポイントを追加',
  'Add ECS telemetry endpoint': 'ECSテレメトリーのエンドポイントを追加',
  'Add ECS endpoint': 'ECSエンドポイントを追加',
  'Add S3 gateway endpoint': 'S3ゲートウェイエンドポイントを追加',
  'Add task execution role': 'タスク実行ロールを追加',
  'Attach AmazonECSTaskExecutionRolePolicy': 'AmazonECSTaskExecutionRolePolicy をアタッチ',
  'Enable private DNS': 'プライベートDNSを有効化',
  'Set vpc_endpoint_type to Interface': 'vpc_endpoint_type を Interface に設定',
  'Place the endpoint in the task subnets': 'エンドポイントをタスクのサブネットに配置',
  'Allow HTTPS (443) from the tasks': 'タスクからのHTTPS（443）を許可',
  'Replace the subnet ids with their route tables': 'サブネットIDをそのルートテーブルに置き換え',
  'Allow HTTPS egress to the S3 prefix list': 'S3のプレフィックスリストへのHTTPSアウトバウンドを許可',
  'Allow HTTPS egress to the endpoint security group': 'エンドポイントのセキュリティグループへのHTTPSアウトバウンドを許可',
  'Move the rule resources into inline blocks (the rules stay in AWS)': 'ルールリソースをインラインブロックに移動（AWS上のルールはそのまま）',
  "Attach the S3 endpoint to the tasks' route tables": 'S3エンドポイントをタスクのルートテーブルに関連付け',
};

/**
 * Japanese for English phrases with variable parts. A pattern must match the whole text; each `$n`
 * is the n-th captured part, itself translated (an address or id comes back unchanged).
 */
export const JA_PATTERNS: Array<[RegExp, string]> = [
  // Why an endpoint or an action is needed.
  [/^container "([^"]*)" uses the awslogs log driver$/, 'コンテナ "$1" がawslogsログドライバーを使う'],
  [/^container "([^"]*)" logs with awslogs$/, 'コンテナ "$1" がawslogsでログを送る'],
  [/^container "([^"]*)" reads secrets from Secrets Manager$/, 'コンテナ "$1" がSecrets Managerからシークレットを読む'],
  [/^container "([^"]*)" reads secrets from SSM Parameter Store$/, 'コンテナ "$1" がSSMパラメータストアからシークレットを読む'],
  [/^container "([^"]*)" reads private registry credentials from Secrets Manager$/, 'コンテナ "$1" がSecrets Managerからプライベートレジストリの認証情報を読む'],
  [/^container "([^"]*)" reads private registry credentials$/, 'コンテナ "$1" がプライベートレジストリの認証情報を読む'],
  [/^to pull (\S+)$/, '$1 のプルに必要'],
  [/^turned off by (\S+)$/, '$1 によって無効にされています'],
  [/^(\S+) runs in it without NAT$/, '$1 がこのVPCでNATなしで動いています'],
  [/^(\S+) has private DNS on$/, '$1 のプライベートDNSが有効になっています'],
  // Security groups.
  [/^its HTTPS ingress rules only admit (.+)$/, 'HTTPSのインバウンドルールが許可しているのは $1 だけ'],
  [
    /^ \((.+) (?:has|have) no egress rule at all: Terraform removes the allow-all egress AWS adds to a new security group\)$/,
    '（$1 にはアウトバウンドルールが1つもありません。AWSが新しいセキュリティグループに追加するすべて許可のアウトバウンドルールは、Terraformが削除します）',
  ],
  [/^security group of (\S+) \((\S+)\)$/, '$1（$2）のセキュリティグループ'],
  [/^task security group of (\S+)$/, '$1 のタスクのセキュリティグループ'],
  // Network ACLs.
  [/^rule (\d+) \(deny\)$/, 'ルール $1（deny）'],
  [/^task subnet (\S+) \((\S+)\)$/, 'タスクのサブネット $1（$2）'],
  [/^endpoint subnet (\S+) \((\S+)\)$/, 'エンドポイントのサブネット $1（$2）'],
  [/^(\S+) port (\S+)$/, '$1 のポート $2'],
  // Where the network of the tasks is undecided.
  [/^(the task subnets) come from (\S+)$/, '$1を $2 から取得している'],
  [/^(the task subnets) are not known from this configuration \((.+)\)$/, '$1がこの構成からは不明（$2）'],
  [/^(the task subnets) are given as literal ids such as (\S+), not as resources of this configuration$/, '$1がこの構成のリソースではなく、$2 などのIDで直接指定されている'],
  [/^(the task subnets) are not resources of this configuration$/, '$1がこの構成のリソースではない'],
  [/^variable "(.+)" has no value in this configuration$/, '変数 "$1" にこの構成での値がない'],
  [/^variable "(.+)" is not declared$/, '変数 "$1" が宣言されていない'],
  [/^module "(.+)" could not be loaded$/, 'モジュール "$1" を読み込めなかった'],
  [/^(\S+) is not declared in this module$/, '$1 がこのモジュールで宣言されていない'],
  [/^(\S+) is known only after apply$/, '$1 は apply 後にしかわからない'],
  [/^(\w+\(\)) of (\S+), known only after apply$/, '$2 に対する $1 の結果で、apply 後にしかわからない'],
  [/^(\S+) is taken from the state input at run time$/, '$1 は実行時にステートマシンの入力から取得される'],
  [/^(\S+) routes 0\.0\.0\.0\/0 through (.+)$/, '$1 は 0.0.0.0/0 を$2経由でルーティングしている'],
  [/^(\S+) sends 0\.0\.0\.0\/0 to (.+), so whether the tasks reach the internet depends on a network outside this configuration$/, '$1 は 0.0.0.0/0 を$2に送っており、タスクがインターネットに出られるかはこの構成の外のネットワーク次第'],
  [/^the route table of (\S+) is not known \((.+)\)$/, '$1 のルートテーブルが不明（$2）'],
  [/^the route table of (\S+) is not known$/, '$1 のルートテーブルが不明'],
  [/^(\S+) has an unknown count or for_each$/, '$1 の count または for_each が不明'],
  [/^(\S+) may associate it with another table$/, '$1 が別のルートテーブルに関連付けている可能性がある'],
  [/^the dynamic route blocks of (\S+) iterate over a collection the checker cannot read$/, '$1 の dynamic "route" ブロックが、チェッカーの読めないコレクションを反復している'],
  [/^some routes of (\S+) are not known$/, '$1 のルートの一部が不明'],
  [/^the destination of a route of (\S+) is not known$/, '$1 のルートの宛先が不明'],
  [/^an aws_route with an unknown count or route table may give (\S+) a default route$/, 'count またはルートテーブルが不明な aws_route が $1 にデフォルトルートを追加する可能性がある'],
  [/^the target of the default route of (\S+) is not known$/, '$1 のデフォルトルートのターゲットが不明'],
  [/^(\S+) gives the tasks no network configuration$/, '$1 がタスクにネットワーク設定を渡していない'],
  // What a rule could not decide (undecided findings).
  [/^not known here \((.+)\)$/, 'ここではわからない（$1）'],
  // Security groups and network values a network rule could not decide.
  [/^the security group (\S+) is not managed in this configuration, so its rules are not known$/, 'セキュリティグループ $1 はこの構成で管理されていないため、そのルールがわからない'],
  [/^a security group id is (.+), so its rules are not known$/, 'セキュリティグループのIDが $1 のため、そのルールがわからない'],
  [/^the security groups of the tasks are (.+)$/, 'タスクのセキュリティグループは $1'],
  [/^(\S+) may add a rule to (\S+): its network_acl_id is (.+)$/, '$1 が $2 にルールを追加するかもしれない（network_acl_id は $3）'],
  [/^the subnets of (\S+) are not known$/, '$1 のサブネットが不明'],
  [/^the subnet_ids of (\S+) are not known$/, '$1 の subnet_ids が不明'],
  [/^the subnet of (\S+) is not known$/, '$1 のサブネットが不明'],
  [/^(\S+) may not exist$/, '$1 は存在しないかもしれない'],
  [/^the ACL of (\S+) is not managed here$/, '$1 のネットワークACLはここで管理されていない'],
  [/^the VPC of (\S+) is not managed here, so its default network ACL is not known$/, '$1 のVPCはここで管理されていないため、そのデフォルトのネットワークACLがわからない'],
  [/^the VPC of (\S+) is not known$/, '$1 のVPCが不明'],
  [/^(\S+) sets network ACL inputs$/, '$1 がネットワークACLの入力を設定している'],
  [/^some rules of (\S+) are not known$/, '$1 のルールの一部が不明'],
  [/^(\S+) may add a rule to these groups: its security_group_id is (.+)$/, '$1 がこれらのグループにルールを追加するかもしれない（security_group_id は $2）'],
  [/^the dynamic (ingress|egress) blocks of (\S+) iterate over a collection the checker cannot read$/, '$2 の dynamic "$1" ブロックが、チェッカーの読めないコレクションを反復している'],
  [/^the (ingress|egress) rules of (\S+) are not known here$/, '$2 の $1 ルールがここではわからない'],
  [/^the type of (\S+) is not known here$/, '$1 の type がここではわからない'],
  [/^some rules of (\S+) are not known here$/, '$1 のルールの一部がここではわからない'],
  [/^the protocol or ports of (.+) are not known: (\w+) is (.+)$/, '$1 のプロトコルまたはポートがわからない: $2 は $3'],
  [/^(.+) is not fully known: (\w+) is (.+)$/, '$1 の一部がわからない: $2 は $3'],
  [/^a CIDR of (.+) is not known: (\w+) is (.+)$/, '$1 のCIDRがわからない: $2 は $3'],
  [/^(.+): a part of it is not known here$/, '$1: その一部がここではわからない'],
  [/^an (ingress|egress) rule of (\S+)$/, '$2 の $1 ルール'],
  [/^(.+) names the security group (\S+), which is not managed in this configuration$/, '$1 が、この構成で管理されていないセキュリティグループ $2 を指定している'],
  [/^(.+) names the prefix list (.+), whose entries are not known here$/, '$1 がプレフィックスリスト $2 を指定しているが、その内容はここではわからない'],
  [/^(.+) opens (\S+), which may or may not hold S3\u2019s addresses$/, '$1 は $2 を許可しているが、そこにS3のアドレスが含まれるかはわからない'],
  [/^the CIDR of (\S+) is (.+)$/, '$1 のCIDRは $2'],
  [/^the CIDR of (\S+) is not known here$/, '$1 のCIDRがここではわからない'],
  [/^the addresses of the other side are not known here$/, '相手側のアドレスがここではわからない'],
  [/^(\S+) sets no availability_zone, so AWS picks its zone when it creates it$/, '$1 は availability_zone を指定していないため、作成時にAWSがゾーンを選ぶ'],
  [/^the Availability Zone of (\S+) is (.+)$/, '$1 のアベイラビリティーゾーンは $2'],
  [/^a subnet id is (.+), so its Availability Zone is not known here$/, 'サブネットIDが $1 のため、そのアベイラビリティーゾーンはここではわからない'],
  [/^the subnets of (\S+) are not known here$/, '$1 のサブネットがここではわからない'],
  [/^a subnet of (\S+) is (.+), whose CIDR is not known here$/, '$1 のサブネットは $2 で、そのCIDRはここではわからない'],
  [/^(\w+) of (\S+) is (.+)$/, '$2 の $1 は $3'],
  [/^(\w+) of (\S+) is not known here$/, '$2 の $1 がここではわからない'],
  [/^(\S+), whose registry is not known here$/, 'レジストリがここではわからない $1'],
  [/^(\S+) is not known here \((.+)\)$/, '$1 はここではわからない（$2）'],
  [/^(\S+) is (\S+) \((.+)\)$/, '$1 は $2（$3）'],
  [/^(\S+) is (\S+), known only after apply$/, '$1 は $2 で、apply 後にしかわからない'],
  [/^(\S+) is ("[^"]*"), and no aws_ecs_task_definition of this configuration has that family$/, '$1 は $2 だが、その family の aws_ecs_task_definition はこの構成にない'],
  [/^(\S+) is read by (\S+), whose task_definition \((.+)\) names no task definition of this configuration$/, '$1 は $2 から読まれるが、その task_definition（$3）はこの構成のタスク定義を指していない'],
  [/^(\S+) is (\S+), which is not a task definition of this configuration$/, '$1 は $2 で、この構成のタスク定義ではない'],
  [/^(\S+) is (\S+)$/, '$1 は $2'],
  [/^(\S+) \((.+)\)$/, '$1（$2）'],
  // A conditional expression as written, with why it is not known: `var.enabled ? 1 : 0 (condition not known before apply)`.
  [/^(\S+ \? \S+ : \S+) \((.+)\)$/, '$1（$2）'],
  [/^container "([^"]*)" may log with awslogs$/, 'コンテナ "$1" がawslogsでログを送るかもしれない'],
  [/^container "([^"]*)" reads a secret from Secrets Manager or SSM Parameter Store$/, 'コンテナ "$1" がSecrets ManagerまたはSSMパラメータストアからシークレットを読む'],
  [/^container "([^"]*)" reads a secret from Secrets Manager, perhaps$/, 'コンテナ "$1" がSecrets Managerからシークレットを読むかもしれない'],
  [/^container "([^"]*)" reads a secret from SSM Parameter Store, perhaps$/, 'コンテナ "$1" がSSMパラメータストアからシークレットを読むかもしれない'],
  [/^the log driver of container "([^"]*)" is (.+)$/, 'コンテナ "$1" のログドライバーは$2'],
  [/^the secret\u2019s valueFrom is (.+), so its store is not known$/, 'シークレットの valueFrom は$1ため、保存先がわからない'],
  [/^(\S+) might be it, but its (\w+) is (.+)$/, '$1 がそれかもしれないが、その $2 は $3'],
  [/^(.+), but whether (\S+) exists is not known: its (\w+) is (.+)$/, '$1。ただし $2 が存在するかはわからない: その $3 は $4'],
  [/^(\S+) might be it, but whether it exists is not known here$/, '$1 がそれかもしれないが、存在するかはここではわからない'],
  [/^its VPC is (.+)$/, 'VPCは $1'],
  [/^the policy is (.+)$/, 'ポリシーは $1'],
  [/^(statement \d+|a statement) of (\S+) has a part not known here \(its Effect, Action, Principal or a Condition value\) that decides it$/, '$2 の$1に、判定を左右する、ここではわからない部分（Effect、Action、Principal、Condition の値）がある'],
  [/^(statement \d+|a statement) of (\S+) has a condition on the request \(such as its source VPC or endpoint\) that the checker cannot evaluate for these tasks$/, '$2 の$1に、このタスクについてチェッカーが評価できないリクエストの条件（送信元のVPCやエンドポイントなど）がある'],
  [/^statement (\d+)$/, 'ステートメント $1'],
  [/^a statement$/, 'ステートメント'],
  [/^the policy (\S+) is not created by this configuration, so its document cannot be read$/, 'ポリシー $1 はこの構成が作るものではないため、そのドキュメントを読めない'],
  [/^the policy (\S+) cannot be read here: (\S+) of (\S+) is (.+)$/, 'ポリシー $1 をここでは読めない: $3 の $2 は $4'],
  [/^the policy (\S+) cannot be read here$/, 'ポリシー $1 をここでは読めない'],
  [/^(\S+) of (\S+) is (.+)$/, '$2 の $1 は $3'],
  [/^(\S+) may attach a policy to (\S+): its (\S+) is (.+)$/, '$1 が $2 にポリシーをアタッチしているかもしれない。その $3 は $4'],
  [/^(\S+) may attach a policy to (\S+), but whether it exists is not known here$/, '$1 が $2 にポリシーをアタッチしているかもしれないが、存在するかはここではわからない'],
  [/^the dynamic inline_policy blocks of (\S+) iterate over a collection not known here$/, '$1 の dynamic "inline_policy" ブロックが、ここではわからないコレクションを反復している'],
  [/^its permissions boundary is (.+), which cannot be read here$/, 'アクセス許可の境界が $1 で、ここでは読めない'],
  [/^the repository of (\S+) is not known here, and the policies grant (\S+) only on some repositories$/, '$1 のリポジトリがここではわからず、ポリシーは $2 を一部のリポジトリにしか許可していない'],
  [/^(.+) grant (\S+) on resources known only after apply, which the checker cannot compare$/, '$1 が $2 を許可しているのは apply 後にしかわからないリソースで、チェッカーは比較できない'],
  [/^its policies$/, 'ロールのポリシー'],
  [/^the image of container "([^"]*)" is not known here \((.+)\), so whether the tasks pull from ECR and need these actions is not known$/, 'コンテナ "$1" のイメージがここではわからず（$2）、タスクがECRからプルしてこれらのアクションを必要とするかがわからない'],
  [/^its assume_role_policy is (.+)$/, 'assume_role_policy は $1'],
  [/^sts:AssumeRole by ecs-tasks\.amazonaws\.com$/, 'ecs-tasks.amazonaws.com による sts:AssumeRole'],
  [/^(\S+): no such file$/, '$1: ファイルがない'],
  // Related locations.
  [/^(\S+) runs these tasks$/, '$1 がこのタスクを実行します'],
  [/^(\S+) runs these tasks in private subnets without NAT$/, '$1 がこのタスクをNATのないプライベートサブネットで実行します'],
  [/^also uses these groups: (\S+) \((\S+)\)$/, '同じグループを使うエンドポイント: $1（$2）'],
  [/^endpoint security group (\S+)$/, 'エンドポイントのセキュリティグループ $1'],
  [/^task security group (\S+)$/, 'タスクのセキュリティグループ $1'],
  [/^task subnet (\S+) in (\S+)$/, 'タスクのサブネット $1（$2）'],
  [/^task subnet (\S+)$/, 'タスクのサブネット $1'],
  [/^endpoint subnet (\S+)$/, 'エンドポイントのサブネット $1'],
  [/^tasks of (\S+)$/, '$1 のタスク'],
  [/^needed by (\S+)$/, '$1 が必要としています'],
  [/^the endpoint (\S+)$/, 'エンドポイント $1'],
  [/^interface endpoint (\S+) \((\S+)\)$/, 'インターフェイスエンドポイント $1（$2）'],
  [/^network ACL (\S+)$/, 'ネットワークACL $1'],
  [/^rule resource (\S+) \((\S+)\)$/, 'ルールリソース $1（$2）'],
  [/^rule resource (\S+)$/, 'ルールリソース $1'],
  [/^execution role of (\S+)$/, '$1 のタスク実行ロール'],
  [/^execution role (\S+)$/, 'タスク実行ロール $1'],
  [/^policy of the role: (.+)$/, 'ロールのポリシー: $1'],
  [/^route table of the task subnets: (\S+)$/, 'タスクのサブネットのルートテーブル: $1'],
  [/^route table used by (\S+)$/, '$1 が使うルートテーブル'],
  [/^VPC of the tasks: (\S+)$/, 'タスクのVPC: $1'],
  // Fix titles with a variable part.
  [/^Set (\w+) = true$/, '$1 = true を設定'],
  // The engine's report of a rule that failed (the error itself stays as thrown).
  [/^Rule (\S+) failed on this configuration: ([\s\S]*)\. Please report this\.$/, 'ルール $1 がこの構成の解析中に失敗しました: $2。不具合として報告してください。'],
  // One item of a list: an address with its service, an action on a resource.
  [/^(\S+) \(([^()\s]+)\)$/, '$1（$2）'],
  [/^(\S+) on (arn:\S+)$/, '$2 に対する $1'],
];
