/**
 * Japanese for every live-check message (`live-messages.ts`), with the same `{{placeholders}}`. The
 * vocabulary of the reference article: VPCエンドポイント, セキュリティグループ, タスク実行ロール,
 * プライベートDNS, ルートテーブル, サブネット, NATゲートウェイ, ネットワークACL. です/ます in
 * sentences, noun phrases in titles and labels; AWS ids, API names, Terraform attributes and the AWS
 * error texts (placeholders such as `{{failure}}`) stay as they are.
 */
import type { LiveMessageId } from './live-messages';

export const LIVE_JA: Record<LiveMessageId, string> = {
  'title.taskEgress': 'タスクのセキュリティグループ（アウトバウンド）',
  'title.endpointIngress': 'エンドポイントのセキュリティグループ（インバウンド）',
  'title.networkAcl': 'ネットワークACL',
  'title.routeTable': 'ルートテーブル',
  'title.endpoint': 'VPCエンドポイント',
  'title.privateDns': 'プライベートDNS',
  'title.endpointSubnets': 'エンドポイントのサブネット',
  'title.endpointPolicy': 'エンドポイントポリシー',
  'title.scope': 'タスクのサブネットからのインターネット接続',
  'title.stoppedTasks': '停止したタスク',

  'common.couldNotCheck': '確認できませんでした: {{failure}}',
  'common.none': 'なし',
  'common.theInternet': 'インターネット',
  'common.taskSecurityGroup': 'タスクのセキュリティグループ',

  'taskEgress.taskGroupsUnknown':
    'タスク {{task}} のセキュリティグループがわかりません。ネットワークインターフェイスが削除されており（タスクは停止済み）、それを指定するサービスもありません。',
  'taskEgress.defaultGroupMissing':
    '{{vpc}} のデフォルトセキュリティグループが見つからないため、タスクのセキュリティグループがわかりません。',
  'taskEgress.defaultGroup': '{{groups}}（VPCのデフォルトセキュリティグループ。タスクがセキュリティグループを指定していません）',
  'taskEgress.allowed': '{{destination}} へのアウトバウンドTCP 443は {{allowedBy}} で許可されています。',
  'taskEgress.denied': 'タスクのセキュリティグループ {{groups}} は {{destination}} へのアウトバウンドTCP 443を許可していません。',
  'taskEgress.endpointDestination': 'エンドポイント（セキュリティグループ {{groups}}、サブネット {{subnets}}）',
  'taskEgress.fix':
    '{{taskGroup}} に、セキュリティグループ {{group}}（またはVPCのCIDR）へのTCP 443のアウトバウンドルールを追加してください。',
  'taskEgress.fixNoGroup':
    '{{taskGroup}} に、エンドポイントのセキュリティグループ（またはVPCのCIDR）へのTCP 443のアウトバウンドルールを追加してください。',
  'taskEgress.s3Destination': 'Amazon S3（プレフィックスリスト {{prefixList}} または 0.0.0.0/0）',
  'taskEgress.s3Fix':
    '{{taskGroup}} に、S3のプレフィックスリスト {{prefixList}}（aws_vpc_endpoint.s3.prefix_list_id）へのTCP 443のアウトバウンドルールを追加してください。ゲートウェイエンドポイントにはVPCのCIDR宛てのルールは効きません。',
  'taskEgress.s3PrefixListUnread':
    '0.0.0.0/0 宛てのルールがなく、S3のプレフィックスリストを指定したルールを探すためのプレフィックスリストも読み取れませんでした: {{failure}}',

  'endpointIngress.defaultGroup':
    '{{groups}}（VPCのデフォルトセキュリティグループ。エンドポイントがセキュリティグループを指定していないため使われます）',
  'endpointIngress.allowed': 'タスクからのインバウンドTCP 443は {{allowedBy}} で許可されています。',
  'endpointIngress.denied':
    'エンドポイントのセキュリティグループ {{groups}} は、タスク（セキュリティグループ {{taskGroups}}、サブネット {{taskSubnets}}）からのインバウンドTCP 443を許可していません。',
  'endpointIngress.fixOwnGroup':
    '{{endpoint}} 専用のセキュリティグループを作り、{{taskGroups}}（またはタスクのサブネットのCIDR）からのTCP 443のインバウンドルールを付けてください。',
  'endpointIngress.fixAddRule':
    '{{group}} に、セキュリティグループ {{taskGroups}}（またはタスクのサブネットのCIDR）からのTCP 443のインバウンドルールを追加してください。',

  'acl.outbound': '{{peers}} へのアウトバウンド {{ports}}',
  'acl.inbound': '{{peers}} からのインバウンド {{ports}}',
  'acl.peerEndpointSubnet': 'エンドポイントのサブネット {{subnet}}（{{cidr}}）',
  'acl.peerTaskSubnet': 'タスクのサブネット {{subnet}}（{{cidr}}）',
  'acl.peerAnywhere': 'すべての宛先（0.0.0.0/0。Amazon S3を含む）',
  'acl.peerS3': 'Amazon S3（{{prefixList}}: {{cidrs}}）',
  'acl.implicitDeny': '{{sample}} を許可するルールがなく、暗黙の拒否が適用されます',
  'acl.ruleDenies': 'ルール {{rule}} が {{sample}} を拒否しています',
  'acl.failure': '{{requirement}}（{{cause}}）',
  'acl.fixOutbound': '{{peers}} へのアウトバウンド {{ports}} を許可するルール（拒否ルールより小さい番号）',
  'acl.fixInbound': '{{peers}} からのインバウンド {{ports}} を許可するルール（拒否ルールより小さい番号）',
  'acl.blocks': 'ネットワークACL {{acl}} が次の通信を遮断しています: {{failures}}。',
  'acl.allows': 'ネットワークACL {{acl}} は次の通信を許可しています: {{requirements}}。',
  'acl.fix': '{{acl}} に次のルールを追加してください: {{fixes}}。',
  'acl.sameSubnets':
    'タスクとエンドポイントは同じサブネットにあります。ネットワークACLはサブネット内の通信をフィルタリングしません。',
  'acl.noS3PrefixList': '{{region}} のS3のプレフィックスリストが見つからないため、S3のアドレス範囲がわかりません。',

  'route.blackhole': '{{table}} は {{destination}} を {{target}} に送りますが、その状態は {{state}} です',
  'route.detour': '{{table}} は {{destination}} を {{target}} 経由で送ります',
  'route.unreachable': '{{blackholes}}。そのため、エンドポイントのサブネットに到達できません。',
  'route.fixBlackhole': 'ブラックホールになっているルートを削除し、ローカルルートが使われるようにしてください。',
  'route.middlebox':
    'エンドポイントへの通信は中継機器を通ります: {{detours}}。中継機器がTCP 443を転送することを確認してください。',
  'route.local': 'ルートテーブル {{tables}} は、VPCのローカルルートでエンドポイントのサブネットに到達します。',
  'route.noTable': '{{subnet}} のルートテーブルが見つかりませんでした。',
  'route.mainTable': '{{table}}（メインルートテーブル。明示的な関連付けのないサブネットで使われます）',
  'route.s3Route': '{{subnets}} のルートテーブル {{table}} は {{prefixList}}（S3）を {{endpoint}} に送ります。',
  'route.s3Listed': '{{endpoint}} には {{subnets}} のルートテーブル {{table}} が関連付けられています。',
  'route.s3Missing':
    'タスクのサブネット {{subnets}} が使うルートテーブル {{table}} に {{endpoint}} 経由のS3へのルートがないため、イメージのレイヤーをダウンロードできません。',
  'route.s3Inactive':
    'タスクのサブネット {{subnets}} が使うルートテーブル {{table}} に {{endpoint}} 経由の有効なS3へのルートがないため、イメージのレイヤーをダウンロードできません。',
  'route.s3Fix':
    '{{table}} をS3ゲートウェイエンドポイント {{endpoint}} に関連付けてください（route_table_ids / aws_vpc_endpoint_route_table_association）。',
  'route.viaInternet': 'タスクは {{via}} 経由で {{service}} に到達します。エンドポイントは不要です。',

  'endpoint.wrongType': '{{service}} 用の {{endpoint}} は {{type}} エンドポイントです。タスクには {{needed}} エンドポイントが必要です。',
  'endpoint.wrongTypeS3':
    '{{service}} 用の {{endpoint}} は {{type}} エンドポイントです。タスクには {{needed}} エンドポイントが必要です。S3のインターフェイスエンドポイントだけではECRのイメージレイヤーは取得できません。',
  'endpoint.fixCreateType': '{{vpc}} に {{type}} エンドポイント {{serviceName}} を作成してください。',
  'endpoint.notAvailable': 'エンドポイント {{endpoint}}（{{service}}）の状態が available ではなく {{state}} です。',
  'endpoint.fixAccept': '{{endpoint}} のエンドポイント接続を承認してください。',
  'endpoint.fixRecreate': '{{endpoint}} を作り直すか、状態が {{state}} になった原因を取り除いてください。',
  'endpoint.available': '{{type}} エンドポイント {{endpoint}}（{{serviceName}}）は利用可能です。',
  'endpoint.otherVpc': '{{service}} のエンドポイント {{endpoint}} は {{vpc}} にありますが、タスクは {{taskVpc}} で動いています。',
  'endpoint.fixCreateHere': '{{vpc}} に {{type}} エンドポイント {{serviceName}} を作成してください。',
  'endpoint.hintGateway':
    'service_name "{{serviceName}}"、vpc_endpoint_type "Gateway"、タスクのサブネットの route_table_ids を指定した aws_vpc_endpoint',
  'endpoint.hintInterface':
    'service_name "{{serviceName}}"、vpc_endpoint_type "Interface"、private_dns_enabled = true、タスクのサブネット、TCP 443を許可するセキュリティグループを指定した aws_vpc_endpoint',
  'endpoint.missing': '{{vpc}} に {{service}} の {{type}} エンドポイントがありません。必要な理由: {{because}}。',
  'endpoint.fixMissing': '作成してください: {{hint}}。',
  'endpoint.missingUndecided':
    '{{vpc}} に {{service}} の {{type}} エンドポイントがありません。タスクのデフォルトルートは {{via}} に向いており、そこから {{service}} に届くかどうかはわからないため、判定できません。',

  'privateDns.on': '{{endpoint}} のプライベートDNSは有効です。',
  'privateDns.off':
    '{{endpoint}}（{{service}}）のプライベートDNSが無効なため、サービスのパブリックな名前がタスクから届かないパブリックアドレスに解決されます。',
  'privateDns.fix':
    '{{endpoint}} のプライベートDNSを有効にしてください（private_dns_enabled = true。Terraformのデフォルトは false です）。',

  'subnets.none':
    'エンドポイント {{endpoint}}（{{service}}）にサブネットがないため、接続先のネットワークインターフェイスがありません。',
  'subnets.fixNone': '{{endpoint}} にタスクのサブネット（アベイラビリティーゾーンごとに1つ）を追加してください（subnet_ids）。',
  'subnets.zones': 'エンドポイント {{endpoint}} のサブネットは {{subnets}}（{{zones}}）です。',
  'subnets.zonesUnread':
    'エンドポイント {{endpoint}} のサブネットは {{subnets}} です。アベイラビリティーゾーンは読み取れませんでした（{{failure}}）。',
  'subnets.missingZones':
    'エンドポイント {{endpoint}}（{{service}}）には、タスクが動く {{zones}} のサブネットがありません。通信がゾーンをまたぐため、追加の料金がかかり、そのゾーンが停止すると失敗します。{{zones}} のサブネットを追加してください。',

  'policy.fullAccess': '{{endpoint}} はデフォルトのフルアクセスポリシーを使っています。',
  'policy.invalidJson': '{{endpoint}} のポリシーが正しいJSONではありません。',
  'policy.request': '{{resource}} に対する {{action}}',
  'policy.deniedBy': '{{request}}（{{statements}} で拒否）',
  'policy.dependsOn': '{{request}}（{{keys}} 次第）',
  'policy.dependsOnPrincipal': '{{request}}（プリンシパル次第）',
  'policy.denied': '{{endpoint}}（{{service}}）のカスタムポリシーが次の操作を許可していません: {{denied}}。',
  'policy.s3Layers': 'arn:aws:s3:::prod-{{region}}-starport-layer-bucket/* に対する s3:GetObject',
  'policy.actionsAbove': '上記の操作',
  'policy.fix': '{{endpoint}} のポリシーで {{what}} を許可するか、カスタムポリシーを外してください。',
  'policy.undecided': '次の操作は判定できませんでした: {{undecided}}。',
  'policy.notEvaluated':
    '{{endpoint}} にはカスタムポリシーがありますが、タスクが使うリソースがここではわからないため、評価していません。',
  'policy.allows': '{{endpoint}} のカスタムポリシーは {{actions}} を許可しています。',

  'endpointType.interface': 'インターフェイス',
  'endpointType.gateway': 'ゲートウェイ',

  'need.ecrApiVpc': 'Fargateプラットフォーム 1.4.0 以降（LATEST）は ecr.api 経由でレジストリの認証情報を取得する',
  'need.ecrApiLaunchType': '{{launchType}} 起動タイプは ecr.api 経由でECR APIを呼び出す',
  'need.ecrApiWindows': 'WindowsのFargateタスクは ecr.api 経由でECR APIを呼び出す',
  'need.ecrApiPlatform': 'Fargateプラットフォーム {{version}} は ecr.api 経由でレジストリの認証情報を取得する',
  'need.ecrApiOld': 'Fargateプラットフォーム {{version}}（1.4.0より前）は ecr.api を使わない',
  'need.imagesFromEcr': 'イメージをAmazon ECRからプルする',
  'need.imageFromEcr': 'イメージ {{image}} をAmazon ECRからプルする',
  'need.s3Layers': 'ECRはイメージのレイヤーをAmazon S3から配信する',
  'need.awslogs': 'コンテナ {{container}} がawslogsログドライバーでログを送る',
  'need.registryCredentials': 'コンテナ {{container}} がSecrets Managerからレジストリの認証情報を読む',
  'need.secret': 'コンテナ {{container}} がSecrets Managerからシークレットを読む',
  'need.parameter': 'コンテナ {{container}} がSSM Parameter Storeからパラメータを読む',
  'need.ecsAgent': 'EC2コンテナインスタンスのECSエージェントが ecs-agent、ecs-telemetry、ecs 経由でECSと通信する',
  'need.exec': 'ECS Exec（enableExecuteCommand）が ssmmessages 経由でセッションを開く',

  'scope.routeTablesUnread':
    'ルートテーブルを読み取れなかったため、タスクはインターネットに出られないものとして扱います: {{failure}}',
  'scope.chosen': '（サブネットの指定がないため、インターネットゲートウェイへのルートがないVPCのサブネット {{subnets}} を確認しました）',
  'scope.igwNoPublicIp':
    'インターネットゲートウェイにルーティングされるタスクのサブネットもありますが、タスクにパブリックIPが付かないため、そのルートは使えません。',
  'scope.notCounted': 'インターネット接続とみなさなかった経路: {{concerns}}。',
  'scope.noRoute':
    'タスクのサブネット {{subnets}} にはインターネットへのルートがないため、タスクにはVPCエンドポイントが必要です{{chosen}}。{{igwNote}}{{concerns}}',
  'scope.noWorkingRoute':
    'タスクのサブネット {{subnets}} には使えるインターネットへのルートがないため、タスクにはVPCエンドポイントが必要です{{chosen}}。{{igwNote}}{{concerns}}',
  'scope.internetRoute': '{{subnet}} は {{table}} の {{via}} 経由',
  'scope.allInternet': 'タスクのすべてのサブネットがインターネットに出られる（{{routes}}）ため、VPCエンドポイントは不要です{{chosen}}。',
  'scope.reachesInternet': '{{subnet}} は {{via}} 経由でインターネットに出られます',
  'scope.mixed':
    'タスクのサブネット {{subnets}} にはインターネットへのルートがなく、エンドポイントが必要です。{{internet}}{{chosen}}。{{igwNote}}{{concerns}}',

  'image.title': '{{container}} のイメージ',
  'image.otherRegion':
    'コンテナ {{container}} は {{image}} を {{region}} ではなく {{imageRegion}} のECRからプルします。{{vpc}} のエンドポイントで届くのは {{region}} のECRだけです。',
  'image.otherRegionTimesOut':
    'コンテナ {{container}} は {{image}} を {{region}} ではなく {{imageRegion}} のECRからプルします。{{vpc}} のエンドポイントで届くのは {{region}} のECRだけなので、プルはタイムアウトします。',
  'image.fixReplicate': 'リポジトリを {{region}} にレプリケートし（ECRのレプリケーション）、{{region}} のイメージURIを使ってください。',
  'image.otherAccount':
    'コンテナ {{container}} は {{image}} を {{region}} のアカウント {{account}} からプルします。そのリポジトリのポリシーは下で確認します。',
  'image.sameRegion': 'コンテナ {{container}} は {{image}} を {{region}} のECRからプルします。',
  'image.overInternet': 'コンテナ {{container}} は {{image}} を {{registry}} からインターネットへのルート経由でプルします。',
  'image.unreachable':
    'コンテナ {{container}} は {{image}} を {{registry}} からプルしますが、インターネットに出られないタスクからは届きません。',
  'image.fixCopy':
    'イメージを {{region}} のプライベートECRリポジトリにコピーし（またはECRのプルスルーキャッシュルールを設定する。最初のプルにはNATが必要）、そのURIを使ってください。',
  'image.fixRoute': 'タスクに {{registry}} へのルートを用意するか、イメージを {{region}} のECRにコピーしてください。',

  'title.vpcDns': 'VPCのDNS属性',
  'title.dhcpDns': 'DHCPオプションのDNS',
  'dns.attributesOn': '{{vpc}} はDNSサポートとDNSホスト名が有効です。',
  'dns.attributesOff':
    '{{vpc}} は {{attributes}} が無効です。エンドポイントのプライベートDNSには両方の有効化が必要です。',
  'dns.attributesFix':
    'VPCで {{attributes}} = true を設定してください（aws_vpc の enable_dns_hostnames のデフォルトは false です）。',
  'dns.noDhcpOptions': '{{vpc}} にはDHCPオプションセットがなく、タスクはAmazonProvidedDNSを使います。',
  'dns.dhcpAmazon': '{{options}} はタスクに {{servers}} を渡します。',
  'dns.dhcpOther':
    '{{options}} により、タスクはAmazonProvidedDNSではなく {{servers}} で名前解決します。エンドポイントのプライベートDNS名は、これらのサーバーがVPCのリゾルバーに転送する場合にだけ解決できます。',
  'dns.dhcpFix':
    '{{options}} の domain_name_servers にAmazonProvidedDNSを追加するか、{{servers}} がAWSの名前をVPCのリゾルバー（{{resolvers}}）に転送するようにしてください。',

  'finding.couldNotBeChecked': '{{title}} を確認できませんでした: {{failure}}',
  'finding.affects': '影響先: {{items}}。',
  'finding.scopeUnread': 'タスクにエンドポイントが必要かどうかを確認できませんでした: {{failure}}',
  'finding.internetOne':
    'タスクのサブネット {{subnets}} は {{via}} 経由でインターネットに出られる（{{table}} のルート 0.0.0.0/0）ため、ECR用のVPCエンドポイントは不要です。',
  'finding.internetMany':
    'タスクのサブネット {{subnets}} は {{via}} 経由でインターネットに出られる（{{table}} のルート 0.0.0.0/0）ため、ECR用のVPCエンドポイントは不要です。',
  'finding.natAdvice':
    'ECRのインターフェイスエンドポイントとS3ゲートウェイエンドポイントを置くと、イメージのプルがNATゲートウェイを通らなくなり、そのデータ処理料金を節約できます。',
  'finding.brokenNat':
    'タスクのサブネット {{subnet}}: {{reason}}。タスクには外に出る経路がないため、VPCエンドポイントが必要です。',
  'finding.brokenNatFix':
    '{{table}} にインターネットゲートウェイへのルート 0.0.0.0/0 を追加する（aws ec2 create-route --route-table-id {{table}} --destination-cidr-block 0.0.0.0/0 --gateway-id <igw-id>）か、以下のエンドポイントを作成してください。',
  'finding.unknownEgress':
    'タスクのサブネット {{subnet}}: {{reason}}。インターネット接続とはみなしません。足りないエンドポイントは合格ではなく判定不能として報告します。',
  'finding.unknownEgressFix':
    '{{via}} の先でインターネットに出られる（NAT）ことを確認するか、このVPCにエンドポイントを作成してください。',
  'finding.stopsUnread': '停止したタスクを読み取れなかったため、停止理由は表示していません: {{failure}}',

  'group.scope': '対象範囲',
  'group.dns': 'DNS',
  'group.executionRole': 'タスク実行ロール',
  'group.images': 'イメージ',
  'group.secrets': 'シークレット',
  'group.stoppedTasks': '停止したタスク',

  'report.heading': 'ライブチェック: {{target}}',
  'report.targetService': 'サービス {{service}}（{{cluster}}）',
  'report.targetTask': 'タスク {{task}}（{{cluster}}）',
  'report.targetVpc': '{{vpc}} のサブネット {{subnets}}',
  'report.targetIn': '{{what}}、{{vpc}}、{{region}}',
  'report.whyStopped': 'タスクが停止した理由:',
  'report.event': 'イベント',
  'report.task': 'タスク {{task}}',
  'report.scope': '対象範囲: {{state}}',
  'report.scopeUndecided': '判定不能',
  'report.scopeNeedsEndpoints': 'タスクにはVPCエンドポイントが必要です',
  'report.scopeInternet': 'タスクはインターネットに出られます',
  'report.fix': '修正: {{text}}',
  'report.run': '実行: {{text}}',
  'report.console': 'コンソール: {{text}}',
  'report.advice': '助言: {{text}}',
  'report.blockOk': '{{label}}: OK（{{count}} ステップ）',
  'report.blockOkMany': '{{label}}: OK（{{count}} ステップ）',
  'report.blockFailed': '{{label}}: 失敗',
  'report.blockFailedSeverity': '{{label}}: 失敗（{{severity}}）',
  'report.blockUnknown': '{{label}}: 判定不能',
  'report.blockPassed': '{{label}}: 合格',
  'report.serviceVia': '{{service}}（{{via}}）',
  'report.throughInternet': 'インターネット経由',
  'report.noEndpoint': 'エンドポイントなし',
  'report.egress': '外向きの経路: {{marker}} {{resource}}',
  'report.undecided': '判定不能（{{count}} 件）: チェックは不完全です。以下はどれも合格ではありません',
  'report.errorsOne': 'エラー {{count}} 件',
  'report.errorsMany': 'エラー {{count}} 件',
  'report.warningsOne': '警告 {{count}} 件',
  'report.warningsMany': '警告 {{count}} 件',
  'report.callsOne': '、API呼び出し {{count}} 回',
  'report.callsMany': '、API呼び出し {{count}} 回',
  'report.summary': '{{errors}}、{{warnings}}、情報 {{info}} 件、判定不能 {{undecided}} 件{{calls}}',
  'report.summaryTimed': '{{errors}}、{{warnings}}、情報 {{info}} 件、判定不能 {{undecided}} 件{{calls}}（{{ms}} ms）',
  'outline.scopeNeedsEndpoints': '対象範囲: タスクにはVPCエンドポイントが必要です',
  'outline.scopeInternet': '対象範囲: タスクはインターネットに出られます',
  'outline.why': '理由',
  'outline.ok': 'OK',
  'outline.fix': '修正',
  'outline.advice': '助言',
  'outline.unknown': '判定不能',
  'outline.failed': '失敗',
  'outline.failedSeverity': '失敗（{{severity}}）',
  'outline.passed': '合格',
  'outline.groupPassed': '{{count}} 件合格',
  'outline.resource': 'リソース: {{resource}}',
  'outline.rule': 'ルール: {{rule}}',
  'outline.neededBecause': '{{serviceName}}（{{type}}）: 必要な理由: {{because}}。',
  'outline.whyStopped': 'タスクが停止した理由',
  'outline.disagrees': 'チェック結果と食い違っています',
  'outline.serviceEvent': 'サービスイベント',
  'outline.stoppedTask': '停止したタスク',
  // Execution role (iam.ts).
  'common.sentences': '{{sentences}}',
  'title.executionRole': 'タスク実行ロール',
  'title.executionRoleTrust': 'タスク実行ロールの信頼ポリシー',
  'title.executionRolePermissions': 'タスク実行ロールの権限',
  'title.executionRoleEcr': 'タスク実行ロールのECR権限',
  'title.executionRoleLogs': 'タスク実行ロールのログ権限',
  'title.executionRoleSecrets': 'タスク実行ロールのシークレット権限',
  'title.authCondition': 'GetAuthorizationToken の条件',
  'iam.usePullsEcr': 'ECRからイメージをプルします',
  'iam.useLogs': 'awslogs でログを送ります',
  'iam.useSecrets': 'シークレットを読み込みます',
  'iam.noRole': 'タスク定義 {{taskDefinition}} には executionRoleArn がありませんが、{{use}}。',
  'iam.noRoleEc2':
    'タスク定義 {{taskDefinition}} には executionRoleArn がありませんが、{{use}}（EC2では代わりにコンテナインスタンスのロールが使われますが、ここでは確認していません）。',
  'iam.noRoleFix':
    'execution_role_arn に、ecs-tasks.amazonaws.com を信頼し AmazonECSTaskExecutionRolePolicy をアタッチしたロールを設定してください。',
  'iam.roleMissing': '{{taskDefinition}} のタスク実行ロール {{role}} は存在しません。',
  'iam.roleMissingFix': 'ロール {{role}} を作成するか、execution_role_arn に既存のロールを指定してください。',
  'iam.trusted': '{{role}} は {{principal}} を信頼しています。',
  'iam.notTrusted': '{{role}} の信頼ポリシーでは、{{principal}} がこのロールを引き受けられません。',
  'iam.notTrustedFix': '{{role}} の信頼ポリシーに、サービスプリンシパル {{principal}} に sts:AssumeRole を許可するステートメントを追加してください。',
  'iam.request': '{{resource}} に対する {{action}}',
  'iam.requestBoundary': '{{request}}（アクセス許可の境界 {{boundary}} が許可していません）',
  'iam.requestDenied': '{{request}}（{{statements}} により拒否）',
  'iam.requestDepends': '{{request}}（{{keys}} によって決まります）',
  'iam.aCondition': '条件',
  'iam.fixBoundaryOne':
    '{{role}} のアクセス許可の境界 {{boundary}} で {{actions}} を許可してください（または境界を外してください）。ロール自身のポリシーはすでに許可しています。',
  'iam.fixBoundaryMany':
    '{{role}} のアクセス許可の境界 {{boundary}} で {{actions}} を許可してください（または境界を外してください）。ロール自身のポリシーはすでに許可しています。',
  'iam.fixRemoveDeny': '{{statements}} の Deny を削除するか、対象を狭めてください。',
  'iam.fixAllow': '{{role}} のポリシーで {{grants}} を許可してください。',
  'iam.fixOrAttach': 'または {{role}} に AmazonECSTaskExecutionRolePolicy をアタッチしてください。',
  'iam.fixLogsNote':
    'AmazonECSTaskExecutionRolePolicy は logs:CreateLogStream と logs:PutLogEvents を許可します（logs:CreateLogGroup は許可しません）。',
  'iam.notAllowed': 'タスク実行ロール {{role}} には {{missing}} が許可されていません。',
  'iam.undecided': '{{items}} は判定できませんでした。',
  'iam.allowed': '{{role}} には {{actions}} が許可されています。',
  'iam.conditionTies': '{{policy}}（{{effect}}）は ecr:GetAuthorizationToken を {{keys}} の条件に結び付けています',
  'iam.conditionBlocks':
    '{{ties}}。この呼び出しはVPCエンドポイントを通らないため、条件は満たされず、トークンは拒否されます。',
  'iam.conditionFix':
    '条件 aws:SourceVpc/aws:SourceVpce のないステートメントで、"*" に対する ecr:GetAuthorizationToken を許可してください（条件はプルのアクションに残してください）。',
  'iam.conditionOk': 'ソースVPCの条件のないステートメントが ecr:GetAuthorizationToken を許可しています。',
  // ECR repositories, images, secrets and parameters (artifacts.ts).
  'title.repository': 'リポジトリ {{name}}',
  'title.image': 'イメージ {{name}}:{{tag}}',
  'title.repositoryPolicy': '{{name}} のリポジトリポリシー',
  'title.secret': 'シークレット {{name}}',
  'title.registryCredentials': 'レジストリ認証情報 {{name}}',
  'title.parameter': 'パラメータ {{name}}',
  'repo.uses': 'コンテナ {{containers}}',
  'repo.cacheRepositoryMissing': 'リポジトリ {{name}} は {{registry}} にまだありません',
  'repo.cacheImageMissing': 'イメージ {{tag}} は {{name}} にまだありません',
  'repo.throughCache':
    '{{what}}。{{name}} はプルスルーキャッシュルール "{{prefix}}"（{{upstream}}）の対象なので、最初のプルでアップストリームから取得されます。',
  'repo.throughCacheNoInternet':
    '{{what}}。{{name}} はプルスルーキャッシュルール "{{prefix}}"（{{upstream}}）の対象なので、最初のプルでアップストリームから取得されますが、インターネット（NAT）のないタスクではその取得ができません。',
  'repo.throughCacheFix':
    'インターネットに出られるネットワークから（またはNAT経由で）{{image}} を一度プルしてECRにキャッシュさせるか、イメージをECRにコピーしてください。',
  'repo.missing':
    'リポジトリ {{name}} はアカウント {{registry}}（{{region}}）に存在しません（{{uses}} が {{image}} をプルします）。タスクは "CannotPullContainerError … not found" で停止します。',
  'repo.missingFix': '{{registry}}（{{region}}）にリポジトリ {{name}} を作成してイメージをプッシュするか、イメージのURIを修正してください。',
  'repo.exists': 'リポジトリ {{name}} は {{registry}}（{{region}}）に存在します。',
  'repo.imageMissing':
    'リポジトリ {{name}} にイメージ {{tag}} がありません（{{uses}} が {{image}} をプルします）。タスクは "CannotPullContainerError … not found" で停止します。',
  'repo.imageMissingFix':
    '{{name}}:{{tag}} を {{registry}} にプッシュするか、タスク定義で存在するタグまたはダイジェストを指定してください。',
  'repo.imageFound': '{{name}} に {{tag}} があります。',
  'repo.imageFoundDigest': '{{name}} に {{tag}}（{{digest}}…）があります。',
  'repoPolicy.noPolicyCrossAccount':
    'リポジトリ {{name}} はアカウント {{registry}} にあり、リポジトリポリシーがないため、アカウント {{account}} からはプルできません。',
  'repoPolicy.noPolicyCrossAccountFix': '{{name}} に、{{principal}} に {{actions}} を許可するリポジトリポリシーを追加してください。',
  'repoPolicy.noPolicySameAccount':
    'リポジトリ {{name}} にはリポジトリポリシーがありません。同じアカウントなので、タスク実行ロール自身のポリシーで決まります。',
  'repoPolicy.invalid': '{{name}} のリポジトリポリシーは有効なJSONではありません。',
  'repoPolicy.deniedAction': '{{action}}（{{statements}}）',
  'repoPolicy.dependsAction': '{{action}}（{{keys}} によって決まります）',
  'repoPolicy.thePrincipal': 'プリンシパル',
  'repoPolicy.theRole': 'タスク実行ロール',
  'repoPolicy.denies': '{{name}} のリポジトリポリシーは {{who}} に {{denied}} を拒否しています。',
  'repoPolicy.deniesFix': '{{name}} のリポジトリポリシーの Deny を削除するか、対象を狭めてください。',
  'repoPolicy.notAllowed':
    'リポジトリ {{name}} はアカウント {{registry}} にあり、そのポリシーは {{who}}（アカウント {{account}}）に {{actions}} を許可していません。',
  'repoPolicy.notAllowedFix': '{{name}} のリポジトリポリシーで、{{principal}} に {{actions}} を許可してください。',
  'repoPolicy.undecided': '{{name}} のリポジトリポリシーでは {{items}} を判定できませんでした。',
  'repoPolicy.allowsPull': '{{name}} のリポジトリポリシーは {{who}} のプルを許可しています。',
  'repoPolicy.doesNotDeny': '{{name}} のリポジトリポリシーは {{who}} を拒否していません。',
  'secret.otherRegion': 'シークレット {{arn}} は {{region}} ではなく {{secretRegion}} にあるため、読み取っていません。',
  'secret.missing':
    'シークレット {{arn}}（コンテナ {{container}}）は存在しません。タスクは "ResourceInitializationError: unable to retrieve secret from asm" で停止します。',
  'secret.missingFix': 'シークレットを作成するか、コンテナ {{container}} の {{field}} を修正してください。',
  'secret.exists': 'シークレット {{name}} は存在します。',
  'secret.existsWithKey': 'シークレット {{name}} は存在します（KMSキー {{key}}）。',
  'parameter.otherRegion': 'パラメータ {{arn}} は {{region}} ではなく {{parameterRegion}} にあるため、読み取っていません。',
  'parameter.missing':
    'パラメータ {{name}}（コンテナ {{container}}）は {{region}} に存在しません。タスクは "ResourceInitializationError: unable to pull secrets … ssm" で停止します。',
  'parameter.missingFix':
    'パラメータを作成するか（`aws ssm put-parameter --name {{name}} --type SecureString --value …`）、コンテナ {{container}} の secrets[].valueFrom を修正してください。',
  'parameter.exists': 'パラメータ {{name}} は存在します（{{type}}）。',
  'parameter.existsWithKey': 'パラメータ {{name}} は存在します（{{type}}、キー {{key}}）。',
  // KMS keys of repositories, secrets and parameters (artifacts.ts).
  'title.kmsKey': '{{what}} のKMSキー',
  'kms.whatRepository': 'リポジトリ {{name}}',
  'kms.whatSecret': 'シークレット {{name}}',
  'kms.whatParameter': 'パラメータ {{name}}',
  'kms.keyMissing': '{{what}} はKMSキー {{key}} で暗号化されていますが、このキーは存在しません（または確認できない別のアカウントにあります）。',
  'kms.keyMissingFix': '{{resource}} を既存のキーで暗号化し直してください。',
  'kms.awsManaged': '{{what}} はAWSマネージドキーを使っています。このキーは、サービスが認可した呼び出し元のためにサービスが復号します。',
  'kms.policyNotRead': '{{key}} のキーポリシーは読み取っていません。',
  'kms.noRole': 'タスク実行ロールがないため、{{key}} に対する kms:Decrypt を判定できません。',
  'kms.policyInvalid': '{{key}} のキーポリシーは有効なJSONではありません。',
  'kms.denied': '{{key}} のキーポリシーが {{role}} に kms:Decrypt を拒否している（{{statements}}）ため、{{what}} を復号できません。',
  'kms.deniedFix': '{{key}} のキーポリシーから、{{role}} に対する Deny を削除してください。',
  'kms.allowed': '{{key}} のキーポリシーは {{role}} に kms:Decrypt を許可しています。',
  'kms.policyDepends': '{{role}} による {{key}} の kms:Decrypt を判定できませんでした。キーポリシーが {{keys}} によって決まります。',
  'kms.notDelegated':
    '{{key}} のキーポリシーは {{role}} に kms:Decrypt を許可しておらず、判断をIAMに委ねてもいない（arn:aws:iam::{{account}}:root に対するステートメントがない）ため、{{what}} を復号できません。',
  'kms.notDelegatedFix': '{{key}} のキーポリシーに、{{roleArn}} に kms:Decrypt を許可するステートメントを追加してください。',
  'kms.rolePoliciesNotRead': '{{role}} のポリシーは読み取っていません。',
  'kms.delegatedAllowed': '{{key}} のキーポリシーは kms:Decrypt の判断をIAMに委ねており、{{role}} には許可されています。',
  'kms.roleDepends': '{{role}} による {{key}} の kms:Decrypt を判定できませんでした（{{keys}} によって決まります）。',
  'kms.roleNotAllowed': '{{role}} には {{key}} に対する kms:Decrypt が許可されていないため、{{what}} を復号できません。',
  'kms.roleNotAllowedBoundary':
    '{{role}} には {{key}} に対する kms:Decrypt が許可されていない（アクセス許可の境界 {{boundary}} が許可していない）ため、{{what}} を復号できません。',
  'kms.roleNotAllowedDenied':
    '{{role}} には {{key}} に対する kms:Decrypt が許可されていない（{{statements}} により拒否）ため、{{what}} を復号できません。',
  'kms.roleNotAllowedFix': '{{where}} で、{{key}} に対する kms:Decrypt を許可してください。',
  'kms.whereBoundary': '{{role}} のアクセス許可の境界 {{boundary}}',
  'kms.wherePolicy': '{{role}} のポリシー',
  // Fragments of route and security-group texts (routes.ts, securityGroups.ts).
  'sg.permission': '{{group}}（{{ports}}、{{peer}}）',
  'sg.allTraffic': 'すべての通信',
  'routeVia.internetGateway': '{{id}}（インターネットゲートウェイ）',
  'routeVia.natGateway': '{{id}}（NATゲートウェイ）',
  'routeVia.natInstance': '{{id}}（NATインスタンス）',
  'routeVia.named': '{{id}}（{{what}}）',
  'routeKind.transitGateway': 'トランジットゲートウェイ',
  'routeKind.peering': 'VPCピアリング接続',
  'routeKind.virtualPrivateGateway': '仮想プライベートゲートウェイ',
  'routeConcern.natNotAvailable':
    '{{table}} のデフォルトルートはNATゲートウェイ {{nat}} に向いていますが、その状態は {{state}} で、available ではありません',
  'routeConcern.natNoInternet':
    '{{table}} のデフォルトルートはNATゲートウェイ {{nat}} に向いていますが、そのサブネット {{subnet}}（ルートテーブル {{natTable}}）にはインターネットゲートウェイへのルートがないため、NATゲートウェイからインターネットに出られません',
  'routeConcern.unknownEgress':
    '{{table}} のデフォルトルートは{{what}} {{target}} に向いています。その先がインターネット（集約型のエグレスVPC）につながるのか、どこにもつながらないのかは、このVPCからは見えません',
  // Stopped tasks and service events (stops.ts).
  'stop.unknownTime': '不明な時刻',
  'stop.leadEvent': '{{time}} のサービスイベント "{{text}}"',
  'stop.leadThisTask': 'このタスクは {{time}} に "{{text}}" で停止しました',
  'stop.leadLastTask': '直近のタスクは {{time}} に "{{text}}" で停止しました',
  'stop.labelEvent': 'サービスイベント（{{time}}）',
  'stop.labelThisTask': 'このタスク（{{time}}）',
  'stop.labelLastTask': '直近に停止したタスク（{{time}}）',
  'stop.notExplained': '{{lead}}。このチェックが調べるプル、シークレット、ネットワークの失敗ではありません。',
  'stop.notExplainedHeadline': '{{label}}: このチェックでは説明できない失敗',
  'stop.wherePath': '{{service}} / {{title}}',
  'stop.resourceInParentheses': '（{{resource}}）',
  'stop.couldNotBeChecked': '（確認できませんでした）',
  'stop.explained': '{{lead}} → {{summary}}。該当する箇所は {{where}}{{resource}}{{unchecked}} です: {{reason}}',
  'stop.statusFailed': '失敗',
  'stop.statusUnknown': '判定不能',
  'stop.explainedHeadline': '{{label}}: {{summary}} → {{where}}{{resource}}（{{status}}）',
  'stop.disagreeNotNeeded':
    '{{lead}} → {{summary}}。しかし {{part}} はこのタスク定義に必要なものに含まれていません。停止理由と設定が食い違っています。',
  'stop.disagreeNothing': '{{lead}} → {{summary}}。しかし {{part}} には確認する対象がありません。停止理由と設定が食い違っています。',
  'stop.disagreePassed':
    '{{lead}} → {{summary}}。しかし {{part}} の手順はすべて合格しました。停止理由と設定された経路が食い違っています（原因はこのチェックから見えないところ（DNSのルール、ファイアウォール、SCP）にあるか、タスクの停止後に設定が変わった可能性があります）。',
  'stop.disagreeNotCheckedHeadline': '{{label}}: {{summary}}。しかし {{part}} は確認していません: 食い違い',
  'stop.disagreePassedHeadline': '{{label}}: {{summary}}。しかし {{part}} は合格: 食い違い',
  'stop.partPath': '{{service}} への経路',
  'stop.partImages': 'イメージのチェック',
  'stop.partSecrets': 'シークレットのチェック',
  'stop.partRole': 'タスク実行ロール',
  'stop.partRolePermissions': 'タスク実行ロール（{{which}} の権限）',
  'cause.pullDenied': 'イメージのプルが拒否されました',
  'cause.s3': 'S3からイメージレイヤーをダウンロードできませんでした',
  'cause.timeout': '{{service}} への接続がタイムアウトしました',
  'cause.imageMissing': 'イメージまたはそのリポジトリが存在しません',
  'cause.pullFailed': 'イメージをプルできませんでした',
  'cause.logsDenied': 'awslogs ドライバーが拒否されました',
  'cause.logsUnreachable': 'awslogs ドライバーがCloudWatch Logsに到達できませんでした',
  'cause.parameterDenied': 'パラメータの読み取りが拒否されました',
  'cause.secretDenied': 'シークレットの読み取りが拒否されました',
  'cause.parameterMissing': 'パラメータが存在しません',
  'cause.secretMissing': 'シークレットが存在しません',
  'cause.ssmUnreachable': 'SSM Parameter Storeに到達できませんでした',
  'cause.secretsManagerUnreachable': 'Secrets Managerに到達できませんでした',
  'cause.credentialsDenied': 'レジストリ認証情報の取得が拒否されました',
  'cause.credentialsFailed': 'レジストリ認証情報を取得できませんでした（ecr.api）',
  'cause.secretFailed': 'シークレットを取得できませんでした',
  'cause.roleDenied': 'タスク実行ロールの呼び出しが拒否されました',
};
